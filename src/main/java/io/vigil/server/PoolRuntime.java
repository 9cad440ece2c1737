package io.vigil.server;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.vigil.backend.BackendSettings;
import io.vigil.backend.PoolBackends;
import io.vigil.backend.Transport;
import io.vigil.backend.TrustEpochs;
import io.vigil.command.CommandTable;
import io.vigil.command.Planner;
import io.vigil.config.Endpoint;
import io.vigil.config.PoolConfig;
import io.vigil.config.ServerConfig;
import io.vigil.metrics.Meters;
import io.vigil.metrics.PoolMeters;
import io.vigil.routing.ShardMap;
import io.vigil.topology.HealthChecker;
import io.vigil.topology.PoolTopology;
import io.vigil.topology.ShardTopology;
import io.vigil.topology.TopologyListener;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the sessions of one pool share: its config, command table, current topology, and its
 * state on each event loop. Topology changes arrive on the control thread and are handed to each
 * loop, which fences the old master's connections and wakes the clients waiting for a new one.
 */
final class PoolRuntime implements TopologyListener {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(PoolRuntime.class);

    private final PoolConfig config;
    private final CommandTable table;
    private final Planner planner;
    private final BackendSettings settings;
    private final Transport transport;
    private final Loops loops;
    private final boolean holdsRequests;
    private final long holdNanos;
    private final ConcurrentHashMap<EventLoop, PoolLoop> perLoop = new ConcurrentHashMap<>();
    private final TrustEpochs trust = new TrustEpochs();
    private final ShardMap shardMap;
    private final SplitPlanner splits;
    private final ReadRouter reads;
    private final Ejection ejection;
    private TopologySource source;
    private volatile HealthChecker health;
    private volatile PoolTopology topology;
    /** Clients whose session is on this pool, and connections refused for client_connections until they close. */
    final AtomicInteger clients = new AtomicInteger();
    /** Set once, by a reload that replaced this pool: its clients move there when they owe nothing. */
    volatile PoolRuntime successor;
    /** The pool this one replaced, while it may still have clients to hand over. */
    private volatile PoolRuntime replaced;
    /** System.nanoTime() by which a draining pool closes its last clients; 0 while it is not draining. */
    private volatile long drainDeadline;
    private volatile long startedAt;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CompletableFuture<Void> whenClosed = new CompletableFuture<>();
    /** This pool's counters: published in the {@link Meters} once the pool starts, withdrawn once it closes. */
    final PoolMeters meters;
    private final PoolObserver observer;

    PoolRuntime(PoolConfig config, CommandTable table, Planner planner, SplitPlanner splits, Transport transport,
                Loops loops, Meters meters) {
        this.config = config;
        this.meters = meters.newPool(config.name(), config.servers().stream().map(ServerConfig::name).toList());
        this.splits = splits;
        this.shardMap = ShardMap.of(config);
        this.reads = new ReadRouter(config, table);
        this.ejection = Ejection.applies(config) ? new Ejection(config, shardMap, this.meters) : null;
        this.table = table;
        this.planner = planner;
        this.settings = BackendSettings.of(config);
        this.transport = transport;
        this.loops = loops;
        this.holdsRequests = !config.sentinels().isEmpty();
        this.holdNanos = config.failoverHold().toNanos();
        this.observer = new PoolObserver(this, this.meters);
    }

    /**
     * Starts following the pool's topology (until then it is the config's view), and checking the
     * health of its nodes when reads may go to replicas.
     */
    void start(TopologySource source, EventLoopGroup group) {
        this.startedAt = System.nanoTime();
        this.source = source;
        this.topology = source.current();
        if (!"master".equals(config.readPolicy())) {
            health = new HealthChecker(config, group, this::topology);
            health.start();
        }
    }

    /** The health checks of the pool's nodes, or null when every read goes to the master. */
    HealthChecker health() {
        return health;
    }

    boolean readYourWrites() {
        return config.readYourWrites();
    }

    PoolConfig config() {
        return config;
    }

    CommandTable table() {
        return table;
    }

    Planner planner() {
        return planner;
    }

    PoolTopology topology() {
        return topology;
    }

    /** Shard {@code index} of the pool, as currently known. */
    ShardTopology shard(int index) {
        return topology.shard(index);
    }

    ShardMap shardMap() {
        return shardMap;
    }

    SplitPlanner splits() {
        return splits;
    }

    /** The ring keys are placed on now: the full one, or without ejected static servers. */
    ShardMap routingMap() {
        return ejection == null ? shardMap : ejection.map();
    }

    /** twemproxy-style ejection of failing static servers, or null when the pool does not eject. */
    Ejection ejection() {
        return ejection;
    }

    ReadRouter reads() {
        return reads;
    }

    /** Sentinel pools hold requests while a shard has no verified master; static pools fail fast. */
    boolean holdsRequests() {
        return holdsRequests;
    }

    long holdNanos() {
        return holdNanos;
    }

    void suspect(int shard, Endpoint node, String why) {
        source.suspect(shard(shard).name(), node, why);
    }

    /** This pool's state on {@code loop}, created by the first client on it. */
    PoolLoop loop(EventLoop loop) {
        return perLoop.computeIfAbsent(loop, l -> new PoolLoop(this,
                new PoolBackends(settings, l, loops.flusher(l), transport, trust, meters.on ? meters : null), l));
    }

    @Override
    public void onChange(PoolTopology before, PoolTopology after, String cause) {
        PoolLoop.distrustReplaced(before, after, trust); // before publishing: invariant 8
        topology = after;
        observer.onChange(before, after, cause);
        for (int i = 0; i < after.shards().size() && i < before.shards().size(); i++) {
            ShardTopology was = before.shard(i);
            ShardTopology now = after.shard(i);
            if (!java.util.Objects.equals(was.master(), now.master()) || was.verified() != now.verified()) {
                log.info("pool {} shard {}: writes now go to {}{} (was {}{}): {}", config.name(), now.name(),
                        now.master(), now.verified() ? "" : " (not verified: requests wait)",
                        was.master(), was.verified() ? "" : " unverified", cause);
            }
        }
        perLoop.forEach((loop, state) -> loop.execute(() -> state.onTopologyChange(before, after)));
        PoolRuntime previous = replaced;
        if (previous != null && settled()) { // its quiet clients waited for this one to find its masters
            previous.sweep();
        }
    }

    /** A reload replaced this pool by {@code next}: clients that owe nothing move now, the others once they do. */
    void retire(PoolRuntime next) {
        successor = next;
        next.replaced = this;
        sweep();
        closeIfUnused();
    }

    /** Moves (or in a drain closes) every client on every loop that owes nothing. */
    private void sweep() {
        perLoop.forEach((loop, state) -> loop.execute(state::sweep));
    }

    /**
     * Closes each client as soon as it owes nothing and is in no transaction, and every client left
     * after {@code timeout}; then the pool's backends close. New clients are the listener's business.
     */
    void drain(Duration timeout) {
        drainDeadline = (System.nanoTime() + timeout.toNanos()) | 1; // never 0
        perLoop.forEach((loop, state) -> loop.execute(state::drainTick));
        closeIfUnused();
        PoolRuntime previous = replaced;
        if (previous != null && !previous.draining()) { // clients a reload has not moved yet go too
            previous.drain(timeout);
        }
    }

    boolean draining() {
        return drainDeadline != 0;
    }

    boolean drainExpired() {
        return System.nanoTime() - drainDeadline >= 0;
    }

    /**
     * Every shard has a verified master, or the pool has had its failover_hold to find them: clients
     * of the pool it replaced wait for this before they move, so a reload of a Sentinel pool does not
     * make them wait for the new watcher's first answers.
     */
    boolean settled() {
        for (ShardTopology shard : topology.shards()) {
            if (!shard.writable()) {
                return System.nanoTime() - startedAt > holdNanos;
            }
        }
        return true;
    }

    /** A client left the pool: closed, or moved to the successor. */
    void left() {
        clients.decrementAndGet();
        closeIfUnused();
    }

    private void closeIfUnused() {
        if ((successor != null || draining()) && clients.get() <= 0) {
            close();
        }
    }

    /** Completes once the pool has closed its backends and stopped following its topology. */
    CompletableFuture<Void> whenClosed() {
        return whenClosed;
    }

    @Override
    public void onSentinelLink(String sentinel, boolean up, String why) {
        observer.onSentinelLink(sentinel, up, why);
    }

    @Override
    public void onSentinelEvent(String sentinel, String channel, String masterName, String payload) {
        observer.onSentinelEvent(sentinel, channel, masterName, payload);
    }

    /** This pool's state on each event loop it has clients on (for the admin API). */
    java.util.Map<EventLoop, PoolLoop> loops() {
        return perLoop;
    }

    void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (successor != null) {
            successor.replaced = null;
        }
        if (health != null) {
            health.close();
        }
        if (source != null) {
            source.close();
        }
        perLoop.forEach((loop, state) -> loop.execute(state.backends::close));
        whenClosed.complete(null);
    }
}
