package io.vigil.server;

import io.vigil.config.Endpoint;
import io.vigil.config.PoolConfig;
import io.vigil.config.ServerConfig;
import io.vigil.metrics.PoolMeters;
import io.vigil.metrics.PoolState;
import io.vigil.topology.HealthChecker;
import io.vigil.topology.NodeHealth;
import io.vigil.topology.PoolTopology;
import io.vigil.topology.ShardTopology;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a pool tells its meters and the admin API about its topology: switches and verifications
 * as events, the sentinel links and what each sentinel said last, and the {@link PoolState}
 * snapshot read at a scrape. Called on control threads (the watcher's loop), never per request.
 */
final class PoolObserver {

    /** Sentinel channels that become events of the failover timeline, by event kind. */
    private static final Map<String, String> TIMELINE = Map.of(
            "+sdown", "sdown", "-sdown", "sdown-cleared", "+odown", "odown", "-odown", "odown-cleared",
            "+switch-master", "sentinel-switch", "+failover-end", "failover-end", "+tilt", "tilt");

    private final PoolRuntime pool;
    private final PoolMeters meters;
    private final ConcurrentHashMap<String, PoolState.Sentinel> sentinels = new ConcurrentHashMap<>();

    PoolObserver(PoolRuntime pool, PoolMeters meters) {
        this.pool = pool;
        this.meters = meters;
        for (Endpoint s : pool.config().sentinels()) {
            sentinels.put(s.toString(), new PoolState.Sentinel(s.toString(), false, null));
        }
        meters.shardOf(this::shardOf);
        meters.state(this::state);
    }

    /** The topology changed: count switches, arm the first-write event, and record events. */
    void onChange(PoolTopology before, PoolTopology after, String cause) {
        for (int i = 0; i < after.shards().size() && i < before.shards().size(); i++) {
            ShardTopology was = before.shard(i);
            ShardTopology now = after.shard(i);
            boolean moved = !Objects.equals(was.master(), now.master());
            if (moved) {
                meters.masterChanged(i, was.master(), now.master());
                // the first master found is a discovery; only a change from a known master is a switch
                meters.events().add(meters.name(), was.master() == null ? "discovered" : "switch", now.name(),
                        "writes now go to " + now.master() + (was.master() == null ? "" : " (was " + was.master() + ")")
                                + ": " + cause);
            }
            if (now.verified() && (moved || !was.verified())) {
                meters.events().add(meters.name(), "verified", now.name(), now.master() + " answered ROLE master");
            } else if (!now.verified() && was.verified()) {
                meters.events().add(meters.name(), "unverified", now.name(), "requests wait: " + cause);
            }
        }
        if (before.degraded() != after.degraded()) {
            meters.events().add(meters.name(), after.degraded() ? "degraded" : "recovered", null, cause);
        }
    }

    void onSentinelLink(String sentinel, boolean up, String why) {
        sentinels.compute(sentinel, (k, v) -> new PoolState.Sentinel(sentinel, up, v == null ? null : v.said()));
        meters.events().add(meters.name(), up ? "sentinel-up" : "sentinel-down", null, "sentinel " + sentinel + ": " + why);
    }

    void onSentinelEvent(String sentinel, String channel, String masterName, String payload) {
        sentinels.compute(sentinel, (k, v) -> new PoolState.Sentinel(sentinel, v == null || v.up(), channel + " " + payload));
        String kind = TIMELINE.getOrDefault(channel.toLowerCase(Locale.ROOT), "sentinel");
        meters.events().add(meters.name(), kind, shardOfSentinelName(masterName),
                "sentinel " + sentinel + " says " + channel + " " + payload);
    }

    private String shardOfSentinelName(String masterName) {
        for (ServerConfig s : pool.config().servers()) {
            if (s.isSentinel() && s.sentinelName().equals(masterName)) {
                return s.name();
            }
        }
        return null;
    }

    /** The shard {@code node} is master or replica of now, else of config; -1 when none. */
    private int shardOf(Endpoint node) {
        PoolTopology t = pool.topology();
        if (t != null) {
            for (int i = 0; i < t.shards().size(); i++) {
                ShardTopology s = t.shard(i);
                if (node.equals(s.master()) || s.replicas().contains(node)) {
                    return i;
                }
            }
        }
        List<ServerConfig> servers = pool.config().servers();
        for (int i = 0; i < servers.size(); i++) {
            if (node.equals(servers.get(i).master()) || servers.get(i).replicas().contains(node)) {
                return i;
            }
        }
        return -1;
    }

    PoolState state() {
        PoolTopology t = pool.topology();
        HealthChecker health = pool.health();
        Ejection ejection = pool.ejection();
        List<PoolState.Shard> shards = new ArrayList<>();
        if (t != null) {
            for (int i = 0; i < t.shards().size(); i++) {
                ShardTopology s = t.shard(i);
                List<PoolState.Replica> replicas = new ArrayList<>();
                for (Endpoint r : s.replicas()) {
                    NodeHealth h = health == null ? null : health.health(r);
                    replicas.add(new PoolState.Replica(r.toString(), h == null || h.readable(),
                            h == null ? -1 : h.lagBytes()));
                }
                shards.add(new PoolState.Shard(s.name(), s.master() == null ? null : s.master().toString(),
                        s.verified(), ejection != null && ejection.isOut(i), replicas));
            }
        }
        return new PoolState(pool.config().name(), t != null && t.degraded(), shards,
                new ArrayList<>(sentinels.values()));
    }
}
