package io.vigil.config;

import java.util.List;

/**
 * One shard of a pool, as one entry of {@code servers}.
 *
 * <ul>
 *   <li>twemproxy form {@code host:port:weight [name]}: a static master, no replicas;</li>
 *   <li>mapping form {@code {name, master, replicas, weight}}: a static master with replicas;</li>
 *   <li>a bare Sentinel master name, or {@code host:port:weight name} in a pool with
 *       {@code sentinels}: the shard is the Sentinel group {@code sentinelName}, and
 *       {@code master} is only a first guess (null for the bare form).</li>
 * </ul>
 *
 * @param name what ketama hashes: the given name, or {@code host:port} when there is none
 * @param weight ketama/modula weight, at least 1
 * @param master the static master, or the first guess of a Sentinel shard; may be null for Sentinel shards
 * @param replicas static replicas; empty for Sentinel shards (Sentinel names them)
 * @param sentinelName the Sentinel master name, or null for a static shard
 */
public record ServerConfig(String name, int weight, Endpoint master, List<Endpoint> replicas, String sentinelName) {

    public ServerConfig {
        replicas = List.copyOf(replicas);
    }

    public boolean isSentinel() {
        return sentinelName != null;
    }
}
