package io.vigil.metrics;

import io.vigil.command.CommandSpec;
import io.vigil.config.Endpoint;
import io.vigil.metrics.MeterNames.ErrorKind;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * The counters of one pool: nutcracker's pool stats, Vigil's errors by kind, per-shard topology
 * counters, its nodes' {@link NodeMeters} and its command latencies. Any thread: counters are
 * {@link LongAdder}s, per-shard values atomic arrays, and nothing here allocates per request
 * once a node or command has been seen.
 */
public final class PoolMeters {

    final Meters root;
    final String name;
    final EventLog events;
    /** Shard names in config order: nutcracker's server keys. */
    final List<String> shards;
    /** Whether the data path measures (latency, per-request counters); read once by each caller. */
    public final boolean on;

    final LongAdder clientEof = new LongAdder();
    final LongAdder clientErr = new LongAdder();
    final LongAdder clientConnections = new LongAdder();
    final LongAdder clientOpened = new LongAdder();
    final LongAdder clientRequests = new LongAdder();
    final LongAdder serverEjects = new LongAdder();
    final LongAdder forwardError = new LongAdder();
    final LongAdder fragments = new LongAdder();
    final LongAdder[] errors = new LongAdder[ErrorKind.values().length];
    final LongAdder holds = new LongAdder();
    final LongAdder heldNanos = new LongAdder();
    final LongAdder heldClients = new LongAdder();

    /** Per shard: microseconds since the epoch of its last ejection, 0 if never (server_ejected_at). */
    final AtomicLongArray ejectedAtMicros;
    final AtomicIntegerArray ejected;
    final AtomicLongArray switches;
    /** Per shard: System.currentTimeMillis() of the last master switch, 0 if none. */
    final AtomicLongArray lastSwitchMillis;
    /** Per shard: 1 from a switch until the new master acknowledges its first write. */
    final AtomicIntegerArray firstWritePending;

    final ConcurrentHashMap<Endpoint, NodeMeters> nodes = new ConcurrentHashMap<>();
    private volatile ToIntFunction<Endpoint> shardOf = node -> -1;
    private volatile Supplier<PoolState> state;
    final CommandLatency latency;

    PoolMeters(Meters root, String name, List<String> shards, CommandLatency latency) {
        this.root = root;
        this.name = name;
        this.shards = List.copyOf(shards);
        this.events = root.events;
        this.latency = latency;
        this.on = root.on;
        for (int i = 0; i < errors.length; i++) {
            errors[i] = new LongAdder();
        }
        int n = shards.size();
        ejectedAtMicros = new AtomicLongArray(n);
        ejected = new AtomicIntegerArray(n);
        switches = new AtomicLongArray(n);
        lastSwitchMillis = new AtomicLongArray(n);
        firstWritePending = new AtomicIntegerArray(n);
    }

    public Meters root() {
        return root;
    }

    public String name() {
        return name;
    }

    public EventLog events() {
        return events;
    }

    /** How a node not yet seen finds its shard (the pool's current topology). */
    public void shardOf(ToIntFunction<Endpoint> lookup) {
        shardOf = lookup;
    }

    /** Where {@link #state()} comes from: the pool's topology, read on demand. */
    public void state(Supplier<PoolState> source) {
        state = source;
    }

    /** The pool's topology now, or null before the pool gave a source. */
    public PoolState state() {
        Supplier<PoolState> s = state;
        return s == null ? null : s.get();
    }

    /** The meters of {@code node}, created on first use (at a connect, not per request). */
    public NodeMeters node(Endpoint node) {
        NodeMeters m = nodes.get(node);
        return m != null ? m : nodes.computeIfAbsent(node, n -> new NodeMeters(this, n, shardOf.applyAsInt(n)));
    }

    Collection<NodeMeters> nodes() {
        return nodes.values();
    }

    String shardName(int shard) {
        return shard >= 0 && shard < shards.size() ? shards.get(shard) : null;
    }

    // ---- clients

    public void clientOpened() {
        clientConnections.increment();
        clientOpened.increment();
    }

    /** A client connection ended: by the client (EOF) or after an error. */
    public void clientClosed(boolean error) {
        clientConnections.decrement();
        (error ? clientErr : clientEof).increment();
    }

    /** A connected client moved to the pool a reload put in this one's place. */
    public void clientMoved(PoolMeters to) {
        clientConnections.decrement();
        to.clientConnections.increment();
    }

    public void clientRequest() {
        clientRequests.increment();
    }

    public void error(ErrorKind kind) {
        errors[kind.ordinal()].increment();
    }

    /** A request could not be forwarded (nutcracker's forward_error); Vigil answered an error. */
    public void forwardError() {
        forwardError.increment();
    }

    /** A multi-key request was split into {@code parts} fragments. */
    public void fragments(int parts) {
        fragments.add(parts);
    }

    // ---- latency

    /** One forwarded request of {@code spec} (null: unknown command) took {@code nanos}. */
    public void latency(CommandSpec spec, long nanos) {
        latency.observe(this, spec, nanos);
    }

    // ---- holds

    public void heldClient(int delta) {
        heldClients.add(delta);
    }

    /** A shard had no master for {@code nanos} while requests waited for one. */
    public void held(long nanos) {
        holds.increment();
        heldNanos.add(nanos);
    }

    // ---- topology

    /** A static server left the ring (nutcracker's server_ejects, server_ejected_at). */
    public void ejected(int shard, String why) {
        serverEjects.increment();
        ejectedAtMicros.set(shard, System.currentTimeMillis() * 1000);
        ejected.set(shard, 1);
        events.add(name, "eject", shardName(shard), why);
    }

    public void returned(int shard, String why) {
        ejected.set(shard, 0);
        events.add(name, "return", shardName(shard), why);
    }

    /**
     * The shard's master changed from {@code before} to {@code after} (either may be null).
     * Counts a switch when both are known and differ; arms the first-write event.
     */
    public void masterChanged(int shard, Endpoint before, Endpoint after) {
        if (before != null) {
            node(before).master = false;
        }
        if (after != null) {
            NodeMeters m = node(after);
            m.master = true;
            m.lossReported = false;
        }
        if (before != null && after != null && !before.equals(after)) {
            switches.incrementAndGet(shard);
            lastSwitchMillis.set(shard, System.currentTimeMillis());
            firstWritePending.set(shard, 1);
        }
    }

    /** A write to {@code shard}'s master was acknowledged: the first after a switch makes an event. */
    public void writeAcknowledged(int shard, Endpoint master) {
        if (firstWritePending.get(shard) != 0 && firstWritePending.compareAndSet(shard, 1, 0)) {
            events.add(name, "first-write", shardName(shard), "first write acknowledged by the new master "
                    + (master == null ? "" : master));
        }
    }
}
