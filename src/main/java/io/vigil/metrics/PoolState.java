package io.vigil.metrics;

import java.util.List;

/**
 * What a pool's topology looks like now, as the admin API and the topology gauges show it. Made
 * by the pool on demand (at a scrape or an API call), never on the data path.
 *
 * @param pool pool name
 * @param degraded no sentinel is reachable; the view is the last verified one
 * @param shards the shards in config order
 * @param sentinels the sentinel links (empty for a static pool)
 */
public record PoolState(String pool, boolean degraded, List<Shard> shards, List<Sentinel> sentinels) {

    /**
     * @param master {@code host:port} of the master, or null when unknown
     * @param verified the master answered ROLE master since it was named
     * @param ejected a static server out of the hash ring
     */
    public record Shard(String name, String master, boolean verified, boolean ejected, List<Replica> replicas) {
    }

    /**
     * @param healthy takes reads (health checks) or, without health checks, Sentinel lists it as healthy
     * @param lagBytes replication lag in bytes, -1 when unknown
     */
    public record Replica(String node, boolean healthy, long lagBytes) {
    }

    /**
     * @param up the link is connected
     * @param said the last event this sentinel published, or null
     */
    public record Sentinel(String node, boolean up, String said) {
    }
}
