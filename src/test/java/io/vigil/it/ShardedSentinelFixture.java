package io.vigil.it;

import io.netty.buffer.Unpooled;
import io.vigil.config.ConfigLoader;
import io.vigil.config.Endpoint;
import io.vigil.config.VigilConfig;
import io.vigil.routing.ShardMap;
import io.vigil.sandbox.RedisNode;
import io.vigil.sandbox.Sandbox;
import io.vigil.sandbox.SentinelNode;
import io.vigil.server.VigilServer;
import redis.clients.jedis.Jedis;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;


/**
 * A pool of three shards, each a Sentinel group of a master and one replica ({@code shard-a},
 * {@code shard-b}, {@code shard-c}), watched by three sentinels that each monitor all three masters
 * (quorum 2, {@code down-after-milliseconds} 2000, {@code failover-timeout} 6000), with Vigil in front
 * of the pool {@link #POOL}, which lists the shards by master name.
 */
final class ShardedSentinelFixture implements AutoCloseable {

    static final String POOL = "sharded";
    static final List<String> NAMES = List.of("shard-a", "shard-b", "shard-c");

    final Sandbox sandbox = new Sandbox();
    /** Each group's nodes by master name, the first master first: [master, replica]. */
    final Map<String, List<RedisNode>> groups = new LinkedHashMap<>();
    final List<SentinelNode> sentinels = new ArrayList<>();
    private VigilConfig config;
    private ShardMap map;
    private VigilServer server;

    private ShardedSentinelFixture() {
    }

    /** {@code poolYaml}: extra pool keys, as two-space indented lines. */
    static ShardedSentinelFixture start(String poolYaml) throws Exception {
        ShardedSentinelFixture f = new ShardedSentinelFixture();
        try {
            Map<String, RedisNode> masters = new LinkedHashMap<>();
            for (String name : NAMES) {
                RedisNode master = f.sandbox.startRedis();
                f.groups.put(name, new ArrayList<>(List.of(master, f.sandbox.startReplica(master))));
                masters.put(name, master);
            }
            List<String> lines = new ArrayList<>();
            for (String name : NAMES) {
                lines.add("sentinel down-after-milliseconds " + name + " 2000");
                lines.add("sentinel failover-timeout " + name + " 6000");
            }
            for (int i = 0; i < 3; i++) {
                f.sentinels.add(f.sandbox.startSentinel(masters, 2, lines.toArray(new String[0])));
            }
            f.startVigil(poolYaml);
        } catch (Exception | Error e) {
            f.close();
            throw e;
        }
        return f;
    }

    private void startVigil(String poolYaml) throws Exception {
        StringBuilder yaml = new StringBuilder(POOL + ":\n  listen: 127.0.0.1:0\n  redis: true\n  sentinels:\n");
        for (SentinelNode s : sentinels) {
            yaml.append("    - 127.0.0.1:").append(s.port()).append('\n');
        }
        yaml.append(poolYaml).append("  servers:\n");
        for (String name : NAMES) {
            yaml.append("    - ").append(name).append('\n');
        }
        config = ConfigLoader.parse(yaml.toString(), Path.of(POOL + ".yml"));
        map = ShardMap.of(config.pools().get(0));
        server = VigilServer.start(config, 2);
    }

    /**
     * Waits until every live sentinel, for every master, knows the other live sentinels and at least
     * {@code replicas} healthy replicas, and flags the master as nothing but {@code master}.
     */
    void awaitSentinelsReady(int replicas) {
        SentinelReadiness.awaitReady(sentinels, NAMES, replicas, java.time.Duration.ofSeconds(60));
    }

    int port() {
        return server.address(POOL).getPort();
    }

    /** A client of the pool; its read timeout outlasts the failover hold. */
    Jedis jedis() {
        return new Jedis("127.0.0.1", port(), 20_000);
    }

    /** The shard {@code ShardMap} places {@code key} on, as an index into {@code servers}. */
    int shardOf(String key) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        return map.shardFor(Unpooled.wrappedBuffer(k), 0, k.length);
    }

    /** The Sentinel master name of shard {@code shard}. */
    String nameOf(int shard) {
        return config.pools().get(0).servers().get(shard).sentinelName();
    }

    /** The shard whose Sentinel master name is {@code name}. */
    int shardNamed(String name) {
        for (int i = 0; i < map.shardCount(); i++) {
            if (nameOf(i).equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("name: " + name + " (expected: one of " + NAMES + ")");
    }

    /**
     * The {@code n}-th key of a family {@code prefix} that lands on {@code shard}: the first of
     * {@code prefix:n.0}, {@code prefix:n.1}, … that {@code ShardMap} places there. A pure function
     * of its arguments, so a writer's sequence number names its key.
     */
    String keyOn(int shard, String prefix, long n) {
        for (int j = 0; ; j++) {
            String key = prefix + ":" + n + "." + j;
            if (shardOf(key) == shard) {
                return key;
            }
        }
    }

    /** The node the live sentinels name as master of {@code name}. */
    RedisNode sentinelMaster(String name) {
        for (SentinelNode s : sentinels) {
            if (s.isAlive()) {
                Endpoint e = s.masterEndpoint(name).orElse(null);
                if (e != null) {
                    return node(name, e.port());
                }
            }
        }
        throw new IllegalStateException("no sentinel names a master for " + name);
    }

    /** The node of group {@code name} that answers ROLE with "master", or null. */
    RedisNode roleMaster(String name) {
        return SentinelFixture.roleMaster(groups.get(name));
    }

    private RedisNode node(String name, int port) {
        return groups.get(name).stream().filter(n -> n.port() == port).findFirst()
                .orElseThrow(() -> new IllegalStateException(name + ": no node of the group on port " + port));
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        sandbox.close();
    }
}
