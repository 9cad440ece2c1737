package io.vigil.it;

import io.vigil.config.ConfigLoader;
import io.vigil.config.Endpoint;
import io.vigil.sandbox.RedisNode;
import io.vigil.sandbox.Sandbox;
import io.vigil.sandbox.SentinelNode;
import io.vigil.server.VigilServer;
import redis.clients.jedis.Jedis;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The classic Sentinel demo on loopback: a master, two replicas and three sentinels (quorum 2,
 * {@code down-after-milliseconds} 2000), with Vigil in front of the group {@code mymaster}.
 */
final class SentinelFixture implements AutoCloseable {

    static final String NAME = "mymaster";

    final Sandbox sandbox = new Sandbox();
    final List<RedisNode> nodes = new ArrayList<>();
    final List<SentinelNode> sentinels = new ArrayList<>();
    private VigilServer server;
    private io.vigil.metrics.Meters meters = io.vigil.metrics.Meters.off();

    private SentinelFixture() {
    }

    /** {@code poolYaml}: extra pool keys, as two-space indented lines. */
    static SentinelFixture start(String poolYaml) throws Exception {
        return start(poolYaml, io.vigil.metrics.Meters.off());
    }

    /** As {@link #start(String)}, with Vigil counting into {@code meters}. */
    static SentinelFixture start(String poolYaml, io.vigil.metrics.Meters meters) throws Exception {
        SentinelFixture f = new SentinelFixture();
        f.meters = meters;
        try {
            RedisNode master = f.sandbox.startRedis();
            f.nodes.add(master);
            f.nodes.add(f.sandbox.startReplica(master));
            f.nodes.add(f.sandbox.startReplica(master));
            f.startSentinels(master);
            f.startVigil(poolYaml);
        } catch (Exception | Error e) {
            f.close();
            throw e;
        }
        return f;
    }

    /** Sentinels that monitor {@code monitored} as the master of {@link #NAME}. */
    void startSentinels(RedisNode monitored) {
        for (int i = 0; i < 3; i++) {
            sentinels.add(sandbox.startSentinel(NAME, monitored, 2,
                    "sentinel down-after-milliseconds " + NAME + " 2000",
                    "sentinel failover-timeout " + NAME + " 6000",
                    "sentinel parallel-syncs " + NAME + " 2"));
        }
    }

    void startVigil(String poolYaml) throws Exception {
        StringBuilder yaml = new StringBuilder("ha:\n  listen: 127.0.0.1:0\n  redis: true\n  sentinels:\n");
        for (SentinelNode s : sentinels) {
            yaml.append("    - 127.0.0.1:").append(s.port()).append('\n');
        }
        yaml.append(poolYaml).append("  servers:\n    - ").append(NAME).append('\n');
        server = VigilServer.start(ConfigLoader.parse(yaml.toString(), Path.of("ha.yml")), 2, meters);
    }

    /** Waits until every live sentinel knows the others and {@code replicas} healthy replicas. */
    void awaitSentinelsReady(int replicas) {
        SentinelReadiness.awaitReady(sentinels, List.of(NAME), replicas, java.time.Duration.ofSeconds(40));
    }

    VigilServer server() {
        return server;
    }

    int port() {
        return server.address("ha").getPort();
    }

    Jedis jedis() {
        return new Jedis("127.0.0.1", port(), 20_000);
    }

    /** The node the sentinels currently name as master. */
    RedisNode sentinelMaster() {
        for (SentinelNode s : sentinels) {
            if (s.isAlive()) {
                Endpoint e = s.masterEndpoint().orElse(null);
                if (e != null) {
                    return node(e.port());
                }
            }
        }
        throw new IllegalStateException("no sentinel names a master");
    }

    RedisNode node(int port) {
        return nodes.stream().filter(n -> n.port() == port).findFirst().orElseThrow();
    }

    /** The node that answers ROLE with "master" (the one that has really been promoted). */
    RedisNode roleMaster() {
        return roleMaster(nodes);
    }

    /** The live node of {@code group} that answers ROLE with "master", or null. */
    static RedisNode roleMaster(Iterable<RedisNode> group) {
        for (RedisNode n : group) {
            if (n.isAlive() && "master".equals(safeRole(n))) {
                return n;
            }
        }
        return null;
    }

    private static String safeRole(RedisNode n) {
        try {
            return n.role();
        } catch (RuntimeException e) {
            return "";
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        sandbox.close();
    }
}
