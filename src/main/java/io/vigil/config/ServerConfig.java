package io.vigil.config;

import java.util.List;

/**
 * One shard of a pool, as one entry of {@code servers}.
 *
 * <ul>
 *   <li>twemproxy form {@code host:port:weight [name]}: a static master, no replicas. The weight is
 *       required, as in nutcracker;</li>
 *   <li>mapping form {@code {name, master, replicas, weight}}: a static master with replicas;</li>
 *   <li>a bare Sentinel master name, or {@code host:port:weight name} in a pool with
 *       {@code sentinels}: the shard is the Sentinel group {@code sentinelName}, and
 *       {@code master} is only a first guess (null for the bare form).</li>
 * </ul>
 *
 * @param name what ketama hashes. The given name when there is one. Otherwise nutcracker 0.5's rule
 *     (nc_conf.c, conf_add_server): {@code host:port} exactly as written in the file, without the
 *     weight and unresolved, except that a port of 11211 is left out and the name is the host
 *     alone, for libmemcached compatibility. (twemproxy's README says {@code host:port:weight};
 *     the code, which is what decides where keys land, hashes {@code host:port}.) For a mapping
 *     entry without a name, the same rule applied to {@code master}
 * @param weight ketama/modula weight, at least 1
 * @param master the static master, or the first guess of a Sentinel shard; may be null for Sentinel shards
 * @param replicas static replicas; empty for Sentinel shards (Sentinel names them)
 * @param sentinelName the Sentinel master name, or null for a static shard
 */
public record ServerConfig(String name, int weight, Endpoint master, List<Endpoint> replicas, String sentinelName) {

    public ServerConfig {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("name: empty (expected: a server name)");
        }
        if (weight < 1) {
            throw new IllegalArgumentException("weight: " + weight + " (expected: >= 1)");
        }
        if (master == null && sentinelName == null) {
            throw new IllegalArgumentException("master: null (expected: an address for a static shard)");
        }
        replicas = List.copyOf(replicas);
    }

    public boolean isSentinel() {
        return sentinelName != null;
    }
}
