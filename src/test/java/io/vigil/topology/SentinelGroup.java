package io.vigil.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.EventLoopGroup;
import io.vigil.backend.Transport;
import io.vigil.config.ConfigException;
import io.vigil.config.ConfigLoader;
import io.vigil.config.Endpoint;
import io.vigil.config.PoolConfig;
import io.vigil.sandbox.RedisNode;
import io.vigil.sandbox.Sandbox;
import io.vigil.sandbox.SentinelNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real Sentinel group for the watcher's integration tests: one master, two replicas and three
 * sentinels (quorum 2, {@code down-after-milliseconds} 2000, {@code failover-timeout} 10000),
 * an event loop, and the watcher with its recorder once {@link #watch} is called.
 */
final class SentinelGroup implements AutoCloseable {

    static final String NAME = "mymaster";
    /** Sentinels greet each other every 2 s, and a failover takes several seconds; this allows for a slow machine. */
    static final Duration PATIENCE = Duration.ofSeconds(60);
    static final Duration SENTINEL_POLL = Duration.ofSeconds(1);

    // INFO commandstats: "cmdstat_role:calls=12,usec=..."
    private static final Pattern ROLE_CALLS = Pattern.compile("cmdstat_role:calls=(\\d+)");

    final Sandbox sandbox = new Sandbox();
    final EventLoopGroup loops = Transport.best().newGroup(1, "topology-it");
    final TopologyRecorder recorder = new TopologyRecorder();
    final RedisNode master;
    final List<RedisNode> replicas = new ArrayList<>();
    final List<SentinelNode> sentinels = new ArrayList<>();
    SentinelWatcher watcher;

    /** The usual group: sentinels monitor the master, and know each other and both replicas. */
    SentinelGroup() {
        this(false);
    }

    /**
     * @param monitorAReplica when true, the sentinels are told that the first replica is the master:
     *     a misconfigured group whose "master" answers ROLE with slave
     */
    SentinelGroup(boolean monitorAReplica) {
        try {
            master = sandbox.startRedis();
            replicas.add(sandbox.startReplica(master));
            replicas.add(sandbox.startReplica(master));
            RedisNode monitored = monitorAReplica ? replicas.get(0) : master;
            for (int i = 0; i < 3; i++) {
                sentinels.add(sandbox.startSentinel(NAME, monitored, 2,
                        "sentinel down-after-milliseconds " + NAME + " 2000",
                        "sentinel failover-timeout " + NAME + " 10000"));
            }
            if (!monitorAReplica) {
                awaitSentinelsKnowTheGroup();
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Starts a watcher that knows {@code configured} sentinels and polls every {@code poll}. */
    SentinelWatcher watch(List<SentinelNode> configured, Duration poll) {
        return watchAddresses(addresses(configured), poll);
    }

    /** Starts a watcher given sentinel addresses as config would name them, host names allowed. */
    SentinelWatcher watchAddresses(List<String> configured, Duration poll) {
        watcher = new SentinelWatcher(pool(configured, poll), loops, recorder);
        watcher.start();
        return watcher;
    }

    static List<String> addresses(List<SentinelNode> sentinels) {
        return sentinels.stream().map(s -> s.host() + ":" + s.port()).toList();
    }

    SentinelWatcher watch() {
        return watch(sentinels, SENTINEL_POLL);
    }

    ShardTopology shard() {
        return watcher.current().shard(0);
    }

    /** The master's ROLE calls so far, from INFO commandstats: how often someone checked it. */
    static long roleCalls(RedisNode node) {
        Matcher m = ROLE_CALLS.matcher(node.call("INFO", "commandstats"));
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    /** Waits until the watcher names a verified master other than {@code old}; returns it. */
    Endpoint awaitSwitchFrom(Endpoint old) {
        await().atMost(PATIENCE).until(() -> shard().writable() && !shard().master().equals(old));
        return shard().master();
    }

    RedisNode node(Endpoint endpoint) {
        return sandbox.redisNodes().stream().filter(n -> n.endpoint().equals(endpoint)).findFirst().orElseThrow();
    }

    /** Forces a failover through {@code via}, retrying while the sentinel has no replica fit to promote yet. */
    static void forceFailover(SentinelNode via) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(250))
                .until(() -> "OK".equals(via.call("SENTINEL", "FAILOVER", NAME)));
    }

    @Override
    public void close() {
        try {
            if (watcher != null) {
                watcher.close();
            }
        } finally {
            loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            sandbox.close();
        }
    }

    private void awaitSentinelsKnowTheGroup() {
        await().atMost(PATIENCE).untilAsserted(() -> {
            for (SentinelNode sentinel : sentinels) {
                assertThat(sentinel.call("SENTINEL", "master", NAME))
                        .contains("num-other-sentinels\n2")
                        .contains("num-slaves\n2");
            }
        });
    }

    static PoolConfig pool(List<String> configured, Duration poll) {
        StringBuilder yaml = new StringBuilder("ha:\n  listen: 127.0.0.1:0\n  sentinels:\n");
        for (String sentinel : configured) {
            yaml.append("   - ").append(sentinel).append('\n');
        }
        yaml.append("  sentinel_timeout: 500\n")
                .append("  sentinel_poll_interval: ").append(poll.toMillis()).append('\n')
                .append("  servers:\n   - ").append(NAME).append('\n');
        try {
            return ConfigLoader.parse(yaml.toString(), Path.of("topology-it.yml")).pools().get(0);
        } catch (ConfigException e) {
            throw new IllegalStateException(e);
        }
    }
}
