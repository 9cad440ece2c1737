package io.vigil.server;

import io.netty.channel.EventLoopGroup;
import io.vigil.backend.Transport;
import io.vigil.command.CommandTable;
import io.vigil.command.Planner;
import io.vigil.config.ConfigException;
import io.vigil.config.ConfigLoader;
import io.vigil.config.PoolConfig;
import io.vigil.config.VigilConfig;
import io.vigil.metrics.Meters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A running Vigil: one event loop group for every pool's clients and backends (a client and the
 * backend connections it uses share a loop), and one listener per pool.
 *
 * <p>Operations, each safe to call from any thread (an admin endpoint, a signal handler):
 * {@link #reload()} applies the config file again ({@link Reload}); {@link #ready()} says whether
 * Vigil takes new clients; {@link #drain()} stops taking them, lets the connected ones finish and
 * closes everything.
 */
public final class VigilServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(VigilServer.class);
    /** How much longer than the longest shutdown_timeout a drain waits for pools to close their clients. */
    static final Duration DRAIN_MARGIN = Duration.ofSeconds(2);

    private volatile VigilConfig config;
    final Transport transport = Transport.best();
    final EventLoopGroup group;
    private final Meters meters;
    private final CommandTable table = CommandTable.standard();
    private final Planner planner = new Planner(table);
    private final SplitPlanner splits = new SplitPlanner(table);
    private final Loops loops = new Loops();
    final AtomicLong clientIds = new AtomicLong();
    /** The listener of each pool of the current config, by name, in file order; guarded by this. */
    final Map<String, PoolServer> servers = new LinkedHashMap<>();
    /** A copy of {@code servers}' listeners, for the admin API, which must not wait for a reload's lock. */
    private volatile List<PoolServer> listening = List.of();
    private final Map<String, InetSocketAddress> addresses = new ConcurrentHashMap<>();
    /** Every pool runtime not closed yet: the current ones, and replaced or removed ones still finishing. */
    private final Set<PoolRuntime> live = ConcurrentHashMap.newKeySet();
    private volatile boolean draining;
    private final AtomicBoolean closed = new AtomicBoolean();

    private VigilServer(VigilConfig config, int threads, Meters meters) {
        this.config = config;
        this.meters = meters;
        this.group = transport.newGroup(threads, "vigil-loop");
    }

    /** Starts every pool of {@code config} on {@code threads} event loops (0: {@link #defaultLoops}). */
    public static VigilServer start(VigilConfig config, int threads) throws InterruptedException {
        return start(config, threads, Meters.off());
    }

    /** Starts as {@link #start(VigilConfig, int)}, counting into {@code meters}. */
    public static VigilServer start(VigilConfig config, int threads, Meters meters) throws InterruptedException {
        int n = threads > 0 ? threads : defaultLoops(Runtime.getRuntime().availableProcessors());
        VigilServer server = new VigilServer(config, n, meters);
        try {
            synchronized (server) {
                for (PoolConfig pool : config.pools()) {
                    server.listen(server.startRuntime(server.newRuntime(pool)));
                }
            }
        } catch (RuntimeException | InterruptedException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /**
     * One event loop per core but one, at least one. The spare core runs what the loops make
     * work for: the kernel's network stack (at {@code -P 1} 80 % of Vigil's CPU is in
     * {@code tcp_sendmsg} and the loopback receive path), the GC and the JIT. On the 2-core
     * benchmark machine, with Redis and the client on the same cores, 1 loop kept the p99 at
     * {@code -P 1} within 5 % of twemproxy's where 2 loops had 1.3 to 3.7 times it; throughput
     * went either way between runs (BENCHMARKS.md, "JVM and Netty settings").
     */
    static int defaultLoops(int cores) {
        return Math.max(1, cores - 1);
    }

    /** A pool's runtime, not yet following its topology: building it checks what the loader cannot. */
    PoolRuntime newRuntime(PoolConfig pool) {
        return new PoolRuntime(pool, table, planner, splits, transport, loops, meters);
    }

    /** Starts following the pool's topology (Sentinel or static) and counts it live until it closes. */
    PoolRuntime startRuntime(PoolRuntime runtime) {
        PoolConfig pool = runtime.config();
        runtime.start(pool.sentinels().isEmpty() ? new StaticTopology(pool) : SentinelTopology.start(pool, group, runtime),
                group);
        live.add(runtime);
        meters.publish(runtime.meters);
        runtime.whenClosed().thenRun(() -> {
            live.remove(runtime);
            meters.withdraw(runtime.meters);
        });
        return runtime;
    }

    /** Binds the pool's listener; the caller holds this. */
    PoolServer listen(PoolRuntime runtime) throws InterruptedException {
        PoolConfig pool = runtime.config();
        PoolServer server = new PoolServer(runtime, transport, clientIds);
        InetSocketAddress bound = server.bind(group);
        servers.put(pool.name(), server);
        addresses.put(pool.name(), bound);
        listening = List.copyOf(servers.values());
        log.info("pool {} listening on {} ({} transport), {} shard(s) {}{}", pool.name(), bound, transport,
                pool.servers().size(), runtime.shardMap(),
                pool.sentinels().isEmpty() ? "" : ", masters from Sentinel");
        return server;
    }

    /** The listener of {@code name} stopped: forget its address. The caller holds this. */
    void forget(String name) {
        servers.remove(name);
        addresses.remove(name);
        listening = List.copyOf(servers.values());
    }

    /** Puts back the listeners a failed reload found; the caller holds this. */
    void restore(Map<String, PoolServer> before) {
        servers.clear();
        servers.putAll(before);
        addresses.clear();
        before.forEach((name, server) -> addresses.put(name, server.address()));
        listening = List.copyOf(servers.values());
    }

    /** Where each pool listens, by pool name; useful when the config asked for port 0. */
    public Map<String, InetSocketAddress> addresses() {
        Map<String, InetSocketAddress> inOrder = new LinkedHashMap<>();
        for (PoolConfig pool : config.pools()) {
            InetSocketAddress a = addresses.get(pool.name());
            if (a != null) {
                inOrder.put(pool.name(), a);
            }
        }
        return inOrder;
    }

    public InetSocketAddress address(String pool) {
        return addresses.get(pool);
    }

    /** The config being served: the one started with, or the last reload that was applied. */
    public VigilConfig config() {
        return config;
    }

    /**
     * Reads the config file again and applies it ({@link #reload(VigilConfig)}). A file that does
     * not load changes nothing; the outcome says why, in the loader's words.
     */
    public ReloadOutcome reload() {
        VigilConfig now = config;
        if (now.source() == null) {
            return ReloadOutcome.refused("the config was not read from a file");
        }
        VigilConfig next;
        try {
            next = ConfigLoader.load(now.source());
        } catch (ConfigException e) {
            ReloadOutcome outcome = ReloadOutcome.refused("configuration file '" + now.source() + "' is invalid: "
                    + e.getMessage());
            log.warn("reload refused, the old config keeps running: {}", outcome.error());
            return outcome;
        }
        return reload(next);
    }

    /**
     * Applies {@code next}: new pools get a listener, removed pools stop listening and drain, changed
     * pools take new clients on the new config at once and move their connected clients as each
     * becomes quiet; pools whose config is equal are not touched. All or nothing: when a new listener
     * cannot bind, nothing changes.
     */
    public synchronized ReloadOutcome reload(VigilConfig next) {
        if (draining) {
            return ReloadOutcome.refused("Vigil is draining");
        }
        ReloadOutcome outcome = new Reload(this, next).apply();
        if (outcome.applied()) {
            config = next;
            log.info("reload applied: {}", outcome.summary());
        } else {
            log.warn("reload refused, the old config keeps running: {}", outcome.error());
        }
        return outcome;
    }

    /** True while Vigil takes new clients: false once a drain has begun. For a readiness probe. */
    public boolean ready() {
        return !draining && !closed.get();
    }

    /** True once a drain has begun. */
    public boolean draining() {
        return draining;
    }

    /**
     * The graceful stop (SIGTERM): stops accepting, then closes each client once it owes nothing
     * and is not inside a transaction, and the rest when its pool's {@code shutdown_timeout} ends;
     * then closes everything. Blocks until done; true if every pool had closed its clients in time.
     */
    public boolean drain() {
        Duration longest = Duration.ZERO;
        synchronized (this) {
            draining = true;
            servers.values().forEach(PoolServer::closeListener);
        }
        int pools = live.size();
        for (PoolRuntime pool : live) {
            Duration timeout = pool.config().shutdownTimeout();
            longest = timeout.compareTo(longest) > 0 ? timeout : longest;
            pool.drain(timeout);
        }
        log.info("draining: no new clients; {} pool(s) finish within {} ms", pools, longest.toMillis());
        boolean done = awaitClosed(longest.plus(DRAIN_MARGIN));
        close();
        return done;
    }

    private boolean awaitClosed(Duration within) {
        CompletableFuture<?>[] all = live.stream().map(PoolRuntime::whenClosed).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(all).get(within.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** What this Vigil counts; the stats port and the admin listener read it. */
    public Meters meters() {
        return meters;
    }

    /** The admin API's view of the pools being served, as of each call (it follows reloads). */
    public ProxyView view() {
        return new ProxyView(() -> listening.stream().map(PoolServer::runtime).toList());
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        synchronized (this) {
            for (PoolServer server : servers.values()) {
                server.closeListener();
            }
        }
        for (PoolRuntime pool : live) {
            pool.close();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
