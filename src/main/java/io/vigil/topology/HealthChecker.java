package io.vigil.topology;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.ScheduledFuture;
import io.vigil.config.Endpoint;
import io.vigil.config.PoolConfig;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vigil's own health checks of every node of one pool, Sentinel or static. Every
 * {@code health_check_interval}, for each shard of the current topology, the master is asked
 * {@code INFO replication}, its offset remembered with the time just before asking; once it has
 * answered, each replica is asked {@code ROLE} and {@code INFO replication}, and
 * {@link HealthRules} and {@link Readability} decide whether it may take reads and how far it
 * has caught up. A slow master does not hold its replicas' checks back: while its check is
 * unanswered, they are checked without a sample, so lag is unknown for that round.
 *
 * <p>One connection per node ({@link NodeLink}), reconnected with backoff. Everything runs on
 * one event loop of the group given, so the checker's state needs no locks; the data path reads
 * an immutable snapshot through a volatile field, from any thread. Only changes of a replica's
 * readability are logged, with their reason.
 */
public final class HealthChecker implements AutoCloseable {

    static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(HealthChecker.class);
    private static final String[] INFO_REPLICATION = {"INFO", "replication"};
    private static final String[] ROLE = {"ROLE"};

    private final PoolConfig pool;
    private final EventLoop loop;
    private final Supplier<PoolTopology> topology;
    private final Credentials credentials;
    /** One per node of the current topology; closed and removed when the node leaves it. */
    private final Map<Endpoint, NodeLink> links = new HashMap<>();
    /** The working copy of every checked node's health; {@link #snapshot} is its published copy. */
    private final Map<Endpoint, NodeHealth> healths = new HashMap<>();
    /** Replicas whose exclusion from reads has been logged, and not yet their return. */
    private final Set<Endpoint> excluded = new HashSet<>();
    private volatile Map<Endpoint, NodeHealth> snapshot = Map.of();
    private ScheduledFuture<?> tick;
    private boolean started;
    private boolean closed;

    /** @param topology the pool's current view; called on the checker's loop once per interval */
    public HealthChecker(PoolConfig pool, EventLoopGroup group, Supplier<PoolTopology> topology) {
        this.pool = pool;
        this.loop = group.next();
        this.topology = topology;
        this.credentials = Credentials.of(pool.redisUsername(), pool.redisAuth());
    }

    /** Starts checking at once, then every {@code health_check_interval}; returns at once. */
    public void start() {
        onLoop(() -> {
            if (started || closed) {
                return;
            }
            started = true;
            long interval = pool.healthCheckInterval().toNanos();
            tick = loop.scheduleAtFixedRate(this::tick, 0, interval, TimeUnit.NANOSECONDS);
        });
    }

    /**
     * Reads may go to this replica now: reachable, ROLE slave of its shard's master, link up, lag
     * within {@code max_replica_lag}, and recovered for {@code replica_recovery_checks} checks.
     * False for unknown nodes and for masters. Any thread, no allocation.
     */
    public boolean readable(Endpoint replica) {
        NodeHealth health = snapshot.get(replica);
        return health != null && health.readable();
    }

    /**
     * The latest {@link System#nanoTime()} T such that this replica had applied everything its
     * master had written at T; {@link Long#MIN_VALUE} when unknown. Any thread.
     */
    public long caughtUpAt(Endpoint replica) {
        NodeHealth health = snapshot.get(replica);
        return health == null ? Long.MIN_VALUE : health.caughtUpAtNanos();
    }

    /** What the latest check of this node saw, or null when it has not been checked. Any thread. */
    public NodeHealth health(Endpoint node) {
        return snapshot.get(node);
    }

    /** Stops checking and closes every connection; waits for that when called off the loop. */
    @Override
    public void close() {
        Runnable close = () -> {
            closed = true;
            if (tick != null) {
                tick.cancel(false);
            }
            links.values().forEach(NodeLink::close);
            links.clear();
        };
        OnLoop.runAndWait(loop, close, DEFAULT_CLOSE_TIMEOUT);
    }

    private void tick() {
        PoolTopology view;
        try {
            view = topology.get();
        } catch (RuntimeException e) {
            log.warn("pool {}: no topology to check: {}", pool.name(), e.toString());
            return;
        }
        Set<Endpoint> present = new HashSet<>();
        for (ShardTopology shard : view.shards()) {
            if (shard.master() != null) {
                present.add(shard.master());
            }
            present.addAll(shard.replicas());
        }
        forgetAllBut(present);
        for (Endpoint node : present) {
            links.computeIfAbsent(node, n -> new NodeLink(n, loop, pool.connectTimeout(), credentials));
        }
        view.shards().forEach(this::check);
    }

    private void check(ShardTopology shard) {
        Endpoint master = shard.master();
        NodeLink link = master == null ? null : links.get(master);
        if (link == null || link.busy()) {
            checkReplicas(shard, null);
            return;
        }
        long sentAt = System.nanoTime();
        link.ask(pool.healthCheckTimeout(), INFO_REPLICATION).whenComplete((replies, e) -> {
            Finding found = e != null ? Finding.unanswered(ControlConnection.reason(e))
                    : HealthRules.master(replies.get(0));
            record(shard, master, link, found, false);
            checkReplicas(shard, HealthRules.sample(found, sentAt));
        });
    }

    /** @param sample the master's offset, taken before any of these replicas is asked; or null */
    private void checkReplicas(ShardTopology shard, MasterSample sample) {
        if (closed) {
            return;
        }
        NodeLink masterLink = shard.master() == null ? null : links.get(shard.master());
        List<InetAddress> masterAddresses = masterLink == null ? List.of() : masterLink.addresses();
        for (Endpoint replica : shard.replicas()) {
            NodeLink link = links.get(replica);
            if (link == null || link.busy()) {
                continue; // the check under way reports for this round
            }
            link.ask(pool.healthCheckTimeout(), ROLE, INFO_REPLICATION).whenComplete((replies, e) -> {
                Finding found = e != null ? Finding.unanswered(ControlConnection.reason(e))
                        : HealthRules.replica(replies.get(0), replies.get(1), shard.master(), masterAddresses, sample,
                                pool.maxReplicaLag());
                record(shard, replica, link, found, true);
            });
        }
    }

    private void record(ShardTopology shard, Endpoint node, NodeLink link, Finding found, boolean asReplica) {
        if (closed || links.get(node) != link) {
            return; // the node left the topology while it was being checked
        }
        NodeHealth before = healths.get(node);
        NodeHealth after = Readability.next(before, node, found, asReplica, pool.replicaRecoveryChecks(),
                System.nanoTime());
        healths.put(node, after);
        snapshot = Map.copyOf(healths);
        if (asReplica) {
            announce(shard, before, after);
        }
    }

    private void announce(ShardTopology shard, NodeHealth before, NodeHealth after) {
        Endpoint node = after.node();
        if (after.readable() && (before == null || !before.readable())) {
            String why = excluded.remove(node)
                    ? "recovered after " + after.goodChecks() + " checks"
                    : after.goodChecks() + " good checks in a row";
            log.info("pool {} shard {}: replica {} takes reads: {}", pool.name(), shard.name(), node, why);
        } else if (!after.good() && excluded.add(node)) {
            log.info("pool {} shard {}: replica {} takes no reads: {}", pool.name(), shard.name(), node,
                    after.lastError());
        }
    }

    private void forgetAllBut(Set<Endpoint> present) {
        boolean changed = false;
        for (Iterator<Map.Entry<Endpoint, NodeLink>> it = links.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Endpoint, NodeLink> entry = it.next();
            if (!present.contains(entry.getKey())) {
                entry.getValue().close();
                it.remove();
                excluded.remove(entry.getKey());
                changed |= healths.remove(entry.getKey()) != null;
                log.debug("pool {}: {} left the topology; no longer checked", pool.name(), entry.getKey());
            }
        }
        if (changed) {
            snapshot = Map.copyOf(healths);
        }
    }

    private void onLoop(Runnable task) {
        try {
            loop.execute(task);
        } catch (RejectedExecutionException shutDown) {
            log.debug("pool {}: event loop shut down; ignored", pool.name());
        }
    }
}
