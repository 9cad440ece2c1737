package io.vigil.metrics;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The topology as Prometheus sees it: the master of each shard (a gauge of 1 labelled with the
 * node), whether it is verified, switches and the time since the last one, ejections, replicas'
 * health and lag, sentinel links. Read from {@link PoolMeters#state()} at scrape time.
 */
final class TopologyGauges {

    private TopologyGauges() {
    }

    static void register(PrometheusRegistry r, Meters m) {
        GaugeWithCallback.builder().name(MeterNames.SHARD_MASTER)
                .help("1 for the node each shard's writes go to").labelNames("pool", "shard", "node")
                .callback(cb -> m.pools().forEach(p -> {
                    PoolState s = p.state();
                    if (s != null) {
                        s.shards().forEach(sh -> {
                            if (sh.master() != null) {
                                cb.call(1, p.name, sh.name(), sh.master());
                            }
                        });
                    }
                })).register(r);
        GaugeWithCallback.builder().name(MeterNames.SHARD_VERIFIED)
                .help("1 when the shard's master answered ROLE master since it was named").labelNames("pool", "shard")
                .callback(cb -> m.pools().forEach(p -> {
                    PoolState s = p.state();
                    if (s != null) {
                        s.shards().forEach(sh -> cb.call(sh.verified() ? 1 : 0, p.name, sh.name()));
                    }
                })).register(r);
        CounterWithCallback.builder().name(MeterNames.SHARD_SWITCHES)
                .help("Times a shard's master changed to another node").labelNames("pool", "shard")
                .callback(cb -> m.pools().forEach(p -> {
                    for (int i = 0; i < p.shards.size(); i++) {
                        cb.call(p.switches.get(i), p.name, p.shards.get(i));
                    }
                })).register(r);
        GaugeWithCallback.builder().name(MeterNames.SHARD_SINCE_SWITCH)
                .help("Seconds since the shard's master last changed; absent before the first switch")
                .labelNames("pool", "shard")
                .callback(cb -> m.pools().forEach(p -> {
                    long now = System.currentTimeMillis();
                    for (int i = 0; i < p.shards.size(); i++) {
                        long at = p.lastSwitchMillis.get(i);
                        if (at != 0) {
                            cb.call((now - at) / 1000.0, p.name, p.shards.get(i));
                        }
                    }
                })).register(r);
        CounterWithCallback.builder().name(MeterNames.EJECTIONS)
                .help("Times a static server was ejected from the hash ring").labelNames("pool")
                .callback(cb -> m.pools().forEach(p -> cb.call(p.serverEjects.sum(), p.name))).register(r);
        GaugeWithCallback.builder().name(MeterNames.EJECTED)
                .help("1 while a static server is out of the hash ring").labelNames("pool", "shard")
                .callback(cb -> m.pools().forEach(p -> {
                    for (int i = 0; i < p.shards.size(); i++) {
                        cb.call(p.ejected.get(i), p.name, p.shards.get(i));
                    }
                })).register(r);
        GaugeWithCallback.builder().name(MeterNames.REPLICA_HEALTHY)
                .help("1 when a replica may take reads").labelNames("pool", "shard", "node")
                .callback(cb -> m.pools().forEach(p -> {
                    PoolState s = p.state();
                    if (s != null) {
                        s.shards().forEach(sh -> sh.replicas().forEach(rep ->
                                cb.call(rep.healthy() ? 1 : 0, p.name, sh.name(), rep.node())));
                    }
                })).register(r);
        GaugeWithCallback.builder().name(MeterNames.REPLICA_LAG_BYTES)
                .help("Replication lag of a replica in bytes, where health checks measured it")
                .labelNames("pool", "shard", "node")
                .callback(cb -> m.pools().forEach(p -> {
                    PoolState s = p.state();
                    if (s != null) {
                        s.shards().forEach(sh -> sh.replicas().forEach(rep -> {
                            if (rep.lagBytes() >= 0) {
                                cb.call(rep.lagBytes(), p.name, sh.name(), rep.node());
                            }
                        }));
                    }
                })).register(r);
        GaugeWithCallback.builder().name(MeterNames.SENTINEL_LINK_UP)
                .help("1 while the link to a sentinel is connected").labelNames("pool", "sentinel")
                .callback(cb -> m.pools().forEach(p -> {
                    PoolState s = p.state();
                    if (s != null) {
                        s.sentinels().forEach(se -> cb.call(se.up() ? 1 : 0, p.name, se.node()));
                    }
                })).register(r);
        GaugeWithCallback.builder().name(MeterNames.POOL_DEGRADED)
                .help("1 while no sentinel of the pool is reachable").labelNames("pool")
                .callback(cb -> m.pools().forEach(p -> {
                    PoolState s = p.state();
                    cb.call(s != null && s.degraded() ? 1 : 0, p.name);
                })).register(r);
    }
}
