package io.vigil.it.history;

import io.vigil.config.ConfigLoader;
import io.vigil.config.Endpoint;
import io.vigil.it.SentinelReadiness;
import io.vigil.sandbox.FaultProxy;
import io.vigil.sandbox.RedisNode;
import io.vigil.sandbox.Sandbox;
import io.vigil.sandbox.SentinelNode;
import io.vigil.server.VigilServer;
import redis.clients.jedis.Jedis;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;

/**
 * The topology of issue #10 on loopback: a master, two replicas, three sentinels (quorum 2,
 * {@code down-after-milliseconds} 1000), optionally a {@link FaultProxy} through which the sentinels
 * (and clients) reach the first master, optionally {@code min-replicas-to-write} on every node, and
 * optionally Vigil in front of it all.
 */
final class Group implements AutoCloseable {

    static final String NAME = "mymaster";
    static final int DEFAULT_DOWN_AFTER_MILLIS = 1000;

    /**
     * @param viaProxy sentinels and clients reach the first master through a fault proxy
     * @param minReplicasToWrite 0 for Redis's default (off), else on every node with a 1 s max lag
     * @param vigilPool extra pool keys for Vigil, two-space indented lines; null for no Vigil
     * @param vigilProcess Vigil runs in a process of its own (so that it can be restarted as in
     *     production) rather than in this JVM
     */
    record Options(boolean viaProxy, int minReplicasToWrite, String vigilPool, boolean vigilProcess) {

        Options(boolean viaProxy, int minReplicasToWrite, String vigilPool) {
            this(viaProxy, minReplicasToWrite, vigilPool, false);
        }
    }

    final Sandbox sandbox = new Sandbox();
    final List<RedisNode> nodes = new ArrayList<>();
    final List<SentinelNode> sentinels = new ArrayList<>();
    final RedisNode first;
    FaultProxy proxy;
    private final Options options;
    private VigilServer vigil;
    private VigilProcess vigilProcess;
    private int vigilPort;

    private Group(Options options) {
        this.options = options;
        String[] lines = options.minReplicasToWrite() == 0 ? new String[0]
                : Sandbox.minReplicasToWrite(options.minReplicasToWrite(), Duration.ofSeconds(1));
        first = sandbox.startRedis(lines);
        nodes.add(first);
        nodes.add(sandbox.startReplica(first, lines));
        nodes.add(sandbox.startReplica(first, lines));
        Endpoint monitored = first.endpoint();
        if (options.viaProxy()) {
            proxy = FaultProxy.start(first.endpoint(), FaultProxy.SENTINEL_OR_CLIENT);
            monitored = proxy.endpoint();
        }
        for (int i = 0; i < 3; i++) {
            sentinels.add(sandbox.startSentinel(NAME, monitored, 2,
                    "sentinel down-after-milliseconds " + NAME + " " + DEFAULT_DOWN_AFTER_MILLIS,
                    "sentinel failover-timeout " + NAME + " 6000",
                    "sentinel parallel-syncs " + NAME + " 2"));
        }
    }

    static Group start(Options options) throws Exception {
        Group g = new Group(options);
        try {
            SentinelReadiness.awaitReady(g.sentinels, List.of(NAME), 2, Duration.ofSeconds(40));
            if (options.vigilPool() != null) {
                g.startVigil(0);
            }
        } catch (Exception | Error e) {
            g.close();
            throw e;
        }
        return g;
    }

    /** Starts Vigil on {@code port} (0: any free one; later starts reuse it). */
    void startVigil(int port) throws Exception {
        if (options.vigilProcess()) {
            vigilProcess = new VigilProcess(sandbox.dir(), yaml(port));
            vigilPort = vigilProcess.port();
            return;
        }
        vigil = VigilServer.start(ConfigLoader.parse(yaml(port), Path.of("ha.yml")), 1);
        vigilPort = vigil.address("ha").getPort();
    }

    private String yaml(int port) {
        StringBuilder yaml = new StringBuilder("ha:\n  listen: 127.0.0.1:" + port + "\n  redis: true\n  sentinels:\n");
        for (SentinelNode s : sentinels) {
            yaml.append("    - 127.0.0.1:").append(s.port()).append('\n');
        }
        return yaml.append(options.vigilPool()).append("  servers:\n    - ").append(NAME).append('\n').toString();
    }

    /**
     * Stops Vigil and starts it again on the same port: its clients lose their connections. Only
     * with {@link Options#vigilProcess()}: a process that ends is what a restart is.
     */
    void restartVigil() throws Exception {
        vigilProcess.stop();
        vigilProcess.start();
    }

    int vigilPort() {
        return vigilPort;
    }

    Set<String> sentinelAddresses() {
        return sentinels.stream().map(s -> "127.0.0.1:" + s.port()).collect(Collectors.toSet());
    }

    List<Integer> sentinelPorts() {
        return sentinels.stream().map(SentinelNode::port).toList();
    }

    /** The node a majority of the sentinels name as master now, or null. */
    RedisNode sentinelMaster() {
        Map<Endpoint, Integer> votes = new HashMap<>();
        for (SentinelNode s : sentinels) {
            try {
                s.masterEndpoint().ifPresent(e -> votes.merge(e, 1, Integer::sum));
            } catch (RuntimeException unreachable) {
                // counts as no vote
            }
        }
        return votes.entrySet().stream().filter(e -> e.getValue() >= 2).map(e -> node(e.getKey()))
                .findFirst().orElse(null);
    }

    RedisNode node(Endpoint e) {
        if (proxy != null && proxy.endpoint().equals(e)) {
            return first;
        }
        return nodes.stream().filter(n -> n.port() == e.port()).findFirst().orElse(null);
    }

    /**
     * Waits until the sentinels' master answers ROLE master and every other live node is its
     * replica with the link up, so nothing more will change, then reads every {@code k:*} key.
     */
    Map<String, String> settleAndRead() {
        RedisNode[] master = new RedisNode[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
            RedisNode m = sentinelMaster();
            if (m == null || !m.isAlive() || !"master".equals(m.role())) {
                return false;
            }
            for (RedisNode n : nodes) {
                if (n != m && n.isAlive()) {
                    String info = n.call("INFO", "replication");
                    if (!info.contains("role:slave") || !info.contains("master_port:" + m.port())
                            || !info.contains("master_link_status:up")) {
                        return false;
                    }
                }
            }
            master[0] = m;
            return true;
        });
        try (Jedis j = new Jedis("127.0.0.1", master[0].port(), 10_000)) {
            List<String> keys = new ArrayList<>(j.keys("k:*"));
            Map<String, String> state = new HashMap<>();
            for (int i = 0; i < keys.size(); i += 1000) {
                List<String> chunk = keys.subList(i, Math.min(keys.size(), i + 1000));
                List<String> values = j.mget(chunk.toArray(String[]::new));
                for (int k = 0; k < chunk.size(); k++) {
                    state.put(chunk.get(k), values.get(k));
                }
            }
            return state;
        }
    }

    @Override
    public void close() {
        if (vigil != null) {
            vigil.close();
        }
        if (vigilProcess != null) {
            try {
                vigilProcess.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (proxy != null) {
            proxy.close();
        }
        sandbox.close();
    }
}
