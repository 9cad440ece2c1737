package io.vigil.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Real Redis and Sentinel processes in a temporary directory. Each node gets a free 127.0.0.1
 * port and its own subdirectory ({@code redis-1}, {@code sentinel-1}, …) holding its config file
 * and log. {@link #close()} kills every process it started, by pid, and deletes the directory; a
 * shutdown hook does the same if the JVM exits first.
 *
 * <pre>{@code
 * try (Sandbox sandbox = new Sandbox()) {
 *     RedisNode master = sandbox.startRedis();
 *     RedisNode replica = sandbox.startReplica(master);
 *     SentinelNode sentinel = sandbox.startSentinel("mymaster", master, 1,
 *             "sentinel down-after-milliseconds mymaster 2000");
 * }
 * }</pre>
 */
public final class Sandbox implements AutoCloseable {

    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(20);
    public static final Duration DEFAULT_SYNC_TIMEOUT = Duration.ofSeconds(30);
    /** How often a start that lost its port to another process is tried on a new one. */
    static final int DEFAULT_PORT_ATTEMPTS = 5;

    private final Path dir;
    /** Every node started, in order; close() and the shutdown hook kill each one's process. */
    private final List<SandboxNode> nodes = new CopyOnWriteArrayList<>();
    private final AtomicInteger sequence = new AtomicInteger();
    private final Thread shutdownHook = new Thread(this::destroy, "vigil-sandbox-cleanup");
    private volatile boolean closed;

    public Sandbox() {
        try {
            dir = Files.createTempDirectory("vigil-sandbox-");
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a sandbox directory", e);
        }
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** The temporary directory that holds every node's directory; gone after {@link #close()}. */
    public Path dir() {
        return dir;
    }

    /** Starts a {@code redis-server}; {@code configLines} are extra redis.conf lines. */
    public RedisNode startRedis(String... configLines) {
        return register(new RedisNode(launch("redis", false, List.of(configLines))));
    }

    /**
     * Starts a replica of {@code master} and returns once its {@code master_link_status} is
     * {@code up}. The master's {@code requirepass}, if any, becomes the replica's {@code masterauth}.
     */
    public RedisNode startReplica(RedisNode master, String... configLines) {
        List<String> lines = new ArrayList<>();
        lines.add("replicaof " + master.host() + " " + master.port());
        if (master.password() != null && !NodeConfig.has(List.of(configLines), "masterauth")) {
            lines.add("masterauth " + master.password());
        }
        lines.addAll(List.of(configLines));
        RedisNode replica = register(new RedisNode(launch("redis", false, lines)));
        ReplicaSync.await(replica, DEFAULT_SYNC_TIMEOUT);
        return replica;
    }

    /**
     * Starts a sentinel that monitors {@code master} as {@code masterName} with {@code quorum}.
     * {@code configLines} follow the {@code sentinel monitor} line, so they may name the master:
     * {@code "sentinel down-after-milliseconds mymaster 2000"}. The master's {@code requirepass},
     * if any, becomes {@code sentinel auth-pass}.
     */
    public SentinelNode startSentinel(String masterName, RedisNode master, int quorum, String... configLines) {
        if (masterName.isEmpty() || masterName.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("masterName: '" + masterName + "' (expected: one word)");
        }
        List<String> lines = new ArrayList<>();
        lines.add("sentinel monitor " + masterName + " " + master.host() + " " + master.port() + " " + quorum);
        if (master.password() != null && !NodeConfig.has(List.of(configLines), "sentinel auth-pass")) {
            lines.add("sentinel auth-pass " + masterName + " " + master.password());
        }
        lines.addAll(List.of(configLines));
        return register(new SentinelNode(launch("sentinel", true, lines), masterName));
    }

    /**
     * Starts a sentinel that monitors the master at {@code address}, which need not be the node's
     * own port: a {@link FaultProxy} in front of it lets a test cut the sentinels off the master.
     */
    public SentinelNode startSentinel(String masterName, io.vigil.config.Endpoint address, int quorum,
                                      String... configLines) {
        if (masterName.isEmpty() || masterName.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("masterName: '" + masterName + "' (expected: one word)");
        }
        List<String> lines = new ArrayList<>();
        lines.add("sentinel monitor " + masterName + " " + address.host() + " " + address.port() + " " + quorum);
        lines.addAll(List.of(configLines));
        return register(new SentinelNode(launch("sentinel", true, lines), masterName));
    }

    /**
     * The redis.conf lines of Redis's own answer to an isolated master: it refuses writes with
     * {@code -NOREPLICAS} unless at least {@code replicas} replicas acknowledged within
     * {@code maxLag} (whole seconds, at least 1). Give them to every node that may become master.
     */
    public static String[] minReplicasToWrite(int replicas, Duration maxLag) {
        if (replicas < 0) {
            throw new IllegalArgumentException("min-replicas-to-write: " + replicas + " (expected: 0 or more)");
        }
        long seconds = Math.max(1, maxLag.toSeconds());
        return new String[] {"min-replicas-to-write " + replicas, "min-replicas-max-lag " + seconds};
    }

    /**
     * Starts a sentinel that monitors every master of {@code masters}, each under its key as name,
     * all with {@code quorum}: one {@code sentinel monitor} line per master, in the map's order,
     * then {@code configLines}, which may name any of the masters. A master's {@code requirepass},
     * if any, becomes {@code sentinel auth-pass} for its name. The node's
     * {@link SentinelNode#masterName()} is the first name; {@link SentinelNode#masterNames()} has them all.
     */
    public SentinelNode startSentinel(Map<String, RedisNode> masters, int quorum, String... configLines) {
        if (masters.isEmpty()) {
            throw new IllegalArgumentException("masters: empty (expected: at least one name and master)");
        }
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, RedisNode> e : masters.entrySet()) {
            String name = e.getKey();
            RedisNode master = e.getValue();
            if (name.isEmpty() || name.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("masterName: '" + name + "' (expected: one word)");
            }
            lines.add("sentinel monitor " + name + " " + master.host() + " " + master.port() + " " + quorum);
            if (master.password() != null && !NodeConfig.has(List.of(configLines), "sentinel auth-pass " + name + " ")) {
                lines.add("sentinel auth-pass " + name + " " + master.password());
            }
        }
        lines.addAll(List.of(configLines));
        return register(new SentinelNode(launch("sentinel", true, lines), List.copyOf(masters.keySet())));
    }

    public List<RedisNode> redisNodes() {
        return nodes.stream().filter(RedisNode.class::isInstance).map(RedisNode.class::cast).toList();
    }

    public List<SentinelNode> sentinels() {
        return nodes.stream().filter(SentinelNode.class::isInstance).map(SentinelNode.class::cast).toList();
    }

    /** Kills every process this sandbox started, waits for each to exit, and deletes the directory. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        destroy();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to; it finds nothing left to do
        }
    }

    private ServerProcess launch(String kind, boolean sentinel, List<String> lines) {
        if (closed) {
            throw new IllegalStateException("sandbox " + dir + " is closed");
        }
        String name = kind + "-" + sequence.incrementAndGet();
        Path nodeDir = dir.resolve(name);
        try {
            Files.createDirectories(nodeDir);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create " + nodeDir, e);
        }
        String password = NodeConfig.password(lines);
        PortTakenException lastRace = null;
        for (int attempt = 0; attempt < DEFAULT_PORT_ATTEMPTS; attempt++) {
            ServerProcess process = new ServerProcess(name, sentinel, nodeDir, FreePort.pick(), password);
            List<String> config = sentinel
                    ? NodeConfig.sentinelBase(nodeDir, process.logFile(), process.port())
                    : NodeConfig.redisBase(nodeDir, process.logFile(), process.port());
            config.addAll(lines);
            NodeConfig.write(process.configFile(), config);
            try {
                process.start(DEFAULT_START_TIMEOUT);
                return process;
            } catch (PortTakenException e) {
                lastRace = e;
            }
        }
        throw new SandboxException(name + ": lost the race for a free port "
                + DEFAULT_PORT_ATTEMPTS + " times", lastRace);
    }

    private <N extends SandboxNode> N register(N node) {
        nodes.add(node);
        if (closed) { // close() ran while this node was starting
            node.process().retire();
        }
        return node;
    }

    private synchronized void destroy() {
        closed = true;
        for (SandboxNode node : nodes) {
            node.process().retire();
        }
        deleteRecursively(dir);
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // best effort: a leftover file in java.io.tmpdir is not worth failing a test over
        }
    }
}
