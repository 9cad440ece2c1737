// Vigil's live dashboard: polls the admin API once a second and draws, with plain SVG, each
// pool's topology, its failover timeline and charts of ops/s, latency and errors. No library.
'use strict';

const POLL_MS = 1000;
const HISTORY = 120;                     // points kept per chart (2 minutes)
const TIMELINE_MS = 5 * 60 * 1000;       // the failover timeline shows the last 5 minutes
const TIMELINE_KINDS = ['kill', 'sdown', 'odown', 'sentinel-switch', 'switch', 'verified', 'first-write',
  'eject', 'return', 'failover-end'];
const SVG = 'http://www.w3.org/2000/svg';

const state = { events: [], lastSeq: 0, prev: {}, series: {} };

function esc(s) {
  return String(s == null ? '' : s).replace(/[&<>"']/g, c => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}[c]));
}

async function getJson(path) {
  const r = await fetch(path, { cache: 'no-store' });
  if (!r.ok && r.status !== 503) throw new Error(path + ': HTTP ' + r.status);
  return r.json();
}

// ---- quantiles from two readings of a cumulative histogram
function quantile(bounds, deltas, q) {
  const total = deltas.reduce((a, b) => a + b, 0);
  if (total <= 0) return null;
  const rank = q * total;
  let seen = 0;
  for (let i = 0; i < deltas.length; i++) {
    if (seen + deltas[i] >= rank) {
      const lower = i === 0 ? 0 : bounds[i - 1];
      const upper = bounds[i] == null ? bounds[i - 1] : bounds[i];
      const within = deltas[i] === 0 ? 0 : (rank - seen) / deltas[i];
      return lower + (upper - lower) * within;
    }
    seen += deltas[i];
  }
  return bounds[bounds.length - 2];
}

function push(pool, name, value) {
  const key = pool + '/' + name;
  const s = state.series[key] || (state.series[key] = []);
  s.push(value);
  if (s.length > HISTORY) s.shift();
  return s;
}

function updateSeries(totals) {
  for (const [pool, t] of Object.entries(totals.pools)) {
    const prev = state.prev[pool];
    state.prev[pool] = { time: totals.time, t };
    if (!prev) continue;
    const dt = Math.max(0.001, (totals.time - prev.time) / 1000);
    push(pool, 'ops', (t.requests - prev.t.requests) / dt);
    push(pool, 'errors', (t.errors - prev.t.errors) / dt);
    const deltas = t.latency.counts.map((c, i) => c - (prev.t.latency.counts[i] || 0));
    const p50 = quantile(t.latency.bounds, deltas, 0.5);
    const p99 = quantile(t.latency.bounds, deltas, 0.99);
    push(pool, 'p50', p50 == null ? null : p50 * 1000);
    push(pool, 'p99', p99 == null ? null : p99 * 1000);
  }
}

// ---- drawing
function el(name, attrs, text) {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  if (text != null) e.textContent = text;
  return e;
}

function lineChart(series, colors, unit) {
  const w = 300, h = 110, pad = 4;
  const svg = el('svg', { viewBox: `0 0 ${w} ${h}`, preserveAspectRatio: 'none' });
  let seen = 0;
  series.forEach(s => s.forEach(v => { if (v != null && v > seen) seen = v; }));
  const max = seen > 0 ? seen * 1.15 : 1;
  series.forEach((s, n) => {
    const pts = [];
    s.forEach((v, i) => {
      if (v == null) return;
      const x = pad + (w - 2 * pad) * (i + HISTORY - s.length) / (HISTORY - 1);
      const y = h - pad - (h - 2 * pad) * v / max;
      pts.push(x.toFixed(1) + ',' + y.toFixed(1));
    });
    if (pts.length) svg.appendChild(el('polyline', { points: pts.join(' '), fill: 'none', stroke: colors[n], 'stroke-width': 1.5 }));
  });
  svg.appendChild(el('text', { x: w - 4, y: 12, 'text-anchor': 'end', class: 'sublabel' }, 'max ' + fmt(seen) + ' ' + unit));
  return svg;
}

function fmt(v) {
  if (v == null) return '–';
  if (v >= 100) return Math.round(v).toString();
  if (v >= 10) return v.toFixed(1);
  return v.toFixed(2);
}

function nodeClass(ok, known) {
  return known === false ? 'unknown' : ok ? 'healthy' : 'down';
}

function topologySvg(pool) {
  const colW = 230, rowH = 46;
  const rows = 2 + Math.max(0, ...pool.shards.map(s => s.replicas.length));
  const width = Math.max(colW * pool.shards.length, 40 + 150 * pool.sentinels.length);
  const height = rows * rowH + (pool.sentinels.length ? rowH : 0) + 10;
  const svg = el('svg', { width, height, viewBox: `0 0 ${width} ${height}`, class: 'topology' });
  pool.shards.forEach((s, i) => {
    const x = 20 + i * colW;
    svg.appendChild(el('text', { x, y: 14, class: 'label' }, 'shard ' + s.name + (s.ejected ? ' (ejected)' : '')));
    const mClass = s.master == null ? 'down' : s.verified ? 'healthy' : 'unverified';
    const g = el('g', { class: 'master-node', 'data-shard': s.name, 'data-node': s.master || '' });
    g.appendChild(el('circle', { cx: x + 10, cy: 34, r: 9, class: 'node ' + mClass }));
    g.appendChild(el('text', { x: x + 26, y: 32, class: 'label' }, 'master ' + (s.master || 'unknown')));
    g.appendChild(el('text', { x: x + 26, y: 44, class: 'sublabel' }, s.master == null ? 'no master'
      : s.verified ? 'verified (ROLE master)' : 'not verified: requests wait'));
    svg.appendChild(g);
    s.replicas.forEach((r, j) => {
      const y = 34 + (j + 1) * rowH;
      svg.appendChild(el('line', { x1: x + 10, y1: 43, x2: x + 10, y2: y - 9, stroke: '#ccd' }));
      svg.appendChild(el('circle', { cx: x + 10, cy: y, r: 7, class: 'node ' + nodeClass(r.healthy) }));
      svg.appendChild(el('text', { x: x + 26, y: y - 2, class: 'label' }, 'replica ' + r.node));
      svg.appendChild(el('text', { x: x + 26, y: y + 10, class: 'sublabel' },
        (r.healthy ? 'healthy' : 'takes no reads') + (r.lag_bytes >= 0 ? ', lag ' + r.lag_bytes + ' B' : '')));
    });
  });
  pool.sentinels.forEach((s, i) => {
    const x = 20 + i * 150, y = height - 20;
    svg.appendChild(el('circle', { cx: x + 7, cy: y, r: 6, class: 'node ' + nodeClass(s.up) }));
    svg.appendChild(el('text', { x: x + 18, y: y + 4, class: 'sublabel' }, 'sentinel ' + s.node));
  });
  return svg;
}

function timelineSvg(poolName) {
  // the axis spans the pool's failover events (from a few seconds before the first one kept, at
  // most 5 minutes back, at least 30 s), so one failover's steps spread out instead of piling up
  const now = Date.now(), w = 900, h = 120;
  const all = state.events.filter(e => e.pool === poolName && TIMELINE_KINDS.includes(e.kind) && e.time >= now - TIMELINE_MS);
  const first = all.length ? all[0].time : now;
  const from = Math.min(now - 30000, first - 3000);
  const span = now - from;
  const svg = el('svg', { viewBox: `0 0 ${w} ${h}`, preserveAspectRatio: 'none' });
  svg.appendChild(el('line', { x1: 10, y1: 90, x2: w - 10, y2: 90, class: 'tl-axis' }));
  let lastX = -100, row = 0;
  all.forEach(e => {
    const x = 10 + (w - 20) * (e.time - from) / span;
    row = x - lastX < 60 ? (row + 1) % 6 : 0;
    lastX = x;
    const color = /kill|sdown|odown|eject/.test(e.kind) ? '#c8372d' : /switch/.test(e.kind) ? '#8a4fd0' : '#2e9d4f';
    const g = el('g', { class: 'tl-event', 'data-kind': e.kind, 'data-shard': e.shard || '' });
    g.appendChild(el('title', {}, new Date(e.time).toLocaleTimeString() + ' ' + e.kind + ': ' + e.text));
    g.appendChild(el('line', { x1: x, y1: 82 - row * 13, x2: x, y2: 98, stroke: color, class: 'tl-mark', 'stroke-opacity': 0.5 }));
    g.appendChild(el('text', { x: x + 2, y: 80 - row * 13, class: 'sublabel', fill: color }, e.kind));
    svg.appendChild(g);
  });
  svg.appendChild(el('text', { x: 10, y: 114, class: 'sublabel' }, '-' + Math.round(span / 1000) + ' s'));
  svg.appendChild(el('text', { x: w - 10, y: 114, 'text-anchor': 'end', class: 'sublabel' }, 'now'));
  return svg;
}

function chart(title, pool, names, colors, unit) {
  const div = document.createElement('div');
  div.className = 'chart';
  const series = names.map(n => state.series[pool + '/' + n] || []);
  const last = series.map(s => s.length ? s[s.length - 1] : null);
  div.innerHTML = `<h3>${esc(title)} <span class="now" data-chart="${esc(names.join(','))}">${last.map(fmt).join(' / ')}</span> ${esc(unit)}</h3>`;
  div.appendChild(lineChart(series, colors, unit));
  return div;
}

function renderPool(pool, totals) {
  let card = document.getElementById('pool-' + pool.name);
  if (!card) {
    card = document.createElement('section');
    card.className = 'card pool';
    card.id = 'pool-' + pool.name;
    document.getElementById('pools').appendChild(card);
  }
  const t = totals.pools[pool.name] || {};
  card.innerHTML = `<h2>pool ${esc(pool.name)}${pool.degraded ? ' — degraded: no sentinel reachable' : ''}
    <span class="sublabel">${esc(t.clients ?? 0)} clients</span></h2>
    <ul class="masters">${pool.shards.map(s => `<li>shard <b>${esc(s.name)}</b>: master
      <span class="master" data-shard="${esc(s.name)}" data-verified="${s.verified}">${esc(s.master || 'unknown')}</span></li>`).join('')}</ul>`;
  card.appendChild(topologySvg(pool));
  const tl = document.createElement('div');
  tl.className = 'timeline';
  tl.innerHTML = '<h3>Failover timeline (kill, sdown, odown, switch, verified, first write)</h3>';
  tl.appendChild(timelineSvg(pool.name));
  card.appendChild(tl);
  const row = document.createElement('div');
  row.className = 'row';
  row.appendChild(chart('ops/s', pool.name, ['ops'], ['#2d6cdf'], 'req/s'));
  row.appendChild(chart('latency p50 / p99', pool.name, ['p50', 'p99'], ['#2e9d4f', '#e0a020'], 'ms'));
  row.appendChild(chart('errors/s', pool.name, ['errors'], ['#c8372d'], 'err/s'));
  card.appendChild(row);
}

function renderEvents() {
  const list = document.getElementById('events');
  list.innerHTML = state.events.slice(-200).reverse().map(e =>
    `<li data-kind="${esc(e.kind)}"><time>${esc(new Date(e.time).toLocaleTimeString())}</time>
     <span class="kind k-${esc(e.kind)}">${esc(e.kind)}</span> ${esc(e.pool)}${e.shard ? ' / ' + esc(e.shard) : ''}: ${esc(e.text)}</li>`).join('');
}

async function poll() {
  try {
    const [topology, events, totals, ready] = await Promise.all([
      getJson('/topology'), getJson('/events?since=' + state.lastSeq), getJson('/api/totals'), getJson('/health/ready')]);
    for (const e of events.events) {
      state.events.push(e);
      state.lastSeq = Math.max(state.lastSeq, e.seq);
    }
    if (state.events.length > 500) state.events.splice(0, state.events.length - 500);
    updateSeries(totals);
    topology.pools.forEach(p => renderPool(p, totals));
    renderEvents();
    const badge = document.getElementById('ready');
    badge.textContent = ready.ready ? 'ready' : ready.draining ? 'draining' : 'not ready';
    badge.className = 'badge ' + (ready.ready ? 'ok' : 'bad');
    document.getElementById('status').textContent = 'updated ' + new Date().toLocaleTimeString();
  } catch (err) {
    document.getElementById('status').textContent = 'cannot reach Vigil: ' + err.message;
  }
  setTimeout(poll, POLL_MS);
}

poll();
