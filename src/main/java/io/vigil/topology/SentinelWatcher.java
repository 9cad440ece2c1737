package io.vigil.topology;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.ScheduledFuture;
import io.vigil.config.Endpoint;
import io.vigil.config.PoolConfig;
import io.vigil.config.ServerConfig;
import io.vigil.topology.SentinelAnswer.SentinelAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vigil's view of who the master of each shard of one Sentinel pool is, kept current by a link to
 * every sentinel ({@link SentinelLinks}: events and heartbeat), a resolver per shard
 * ({@link ShardResolver}: ask, decide, verify with ROLE, publish) and a poll every
 * {@code sentinel_poll_interval} that backs up the events, which pub/sub loses while a link is down.
 *
 * <p>Everything runs on one event loop of the group given, so the watcher's state needs no locks.
 * {@link #current()} is a volatile read from any thread; {@link #suspect} and {@link #close} may
 * also be called from any thread. Listeners are called on the watcher's loop.
 */
public final class SentinelWatcher implements AutoCloseable {

    static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(SentinelWatcher.class);

    private final PoolConfig pool;
    private final EventLoop loop;
    private final TopologyListener listener;
    private final Credentials nodeCredentials;
    private final List<ShardResolver> resolvers = new ArrayList<>();
    private final SentinelLinks links;
    private volatile PoolTopology current;
    private ScheduledFuture<?> poll;
    private long degradedSinceNanos;
    /**
     * Every configured sentinel has answered or failed its first connect. Until then no link's
     * coming up triggers a resolution, so that the first view is not one sentinel's alone.
     */
    private boolean settled;
    private boolean started;
    private boolean closed;

    public SentinelWatcher(PoolConfig pool, EventLoopGroup group, TopologyListener listener) {
        if (pool.sentinels().isEmpty()) {
            throw new IllegalArgumentException("pool " + pool.name() + ": sentinels: empty (expected: at least one)");
        }
        this.pool = pool;
        this.loop = group.next();
        this.listener = listener;
        this.nodeCredentials = Credentials.of(pool.redisUsername(), pool.redisAuth());
        this.links = new SentinelLinks(pool.name(), loop, pool.sentinelTimeout(),
                Credentials.of(pool.sentinelUsername(), pool.sentinelPassword()), new LinkEvents());
        List<ShardTopology> shards = new ArrayList<>();
        for (ServerConfig server : pool.servers()) {
            if (!server.isSentinel()) {
                throw new IllegalArgumentException("pool " + pool.name() + ": server " + server.name()
                        + ": static (expected: a Sentinel master name)");
            }
            resolvers.add(new ShardResolver(this, shards.size(), server.name(), server.sentinelName()));
            shards.add(ShardTopology.firstGuess(server.name(), server.master()));
        }
        this.current = new PoolTopology(pool.name(), shards, false);
    }

    /** Connects to every configured sentinel; returns at once. */
    public void start() {
        onLoop(() -> {
            if (started || closed) {
                return;
            }
            started = true;
            pool.sentinels().forEach(sentinel -> links.add(sentinel, true));
            long interval = pool.sentinelPollInterval().toNanos();
            poll = loop.scheduleAtFixedRate(this::poll, interval, interval, TimeUnit.NANOSECONDS);
        });
    }

    /** The current view; never null. */
    public PoolTopology current() {
        return current;
    }

    /**
     * The data path saw {@code READONLY}, {@code LOADING} or {@code MASTERDOWN} from {@code node},
     * which it believed master of {@code shard}: resolve that shard again now. Any thread.
     */
    public void suspect(String shard, Endpoint node, String why) {
        onLoop(() -> {
            for (int i = 0; i < resolvers.size(); i++) {
                ShardTopology view = current.shard(i);
                if (view.name().equals(shard) && node.equals(view.master())) {
                    log.info("pool {} shard {}: the data path suspects master {}: {}; resolving again",
                            pool.name(), shard, node, why);
                    resolvers.get(i).trigger(Trigger.suspicion(node, why));
                }
            }
        });
    }

    /** Closes every connection and stops every timer; waits for that when called off the loop. */
    @Override
    public void close() {
        Runnable close = () -> {
            closed = true;
            if (poll != null) {
                poll.cancel(false);
            }
            resolvers.forEach(ShardResolver::close);
            links.closeAll();
        };
        OnLoop.runAndWait(loop, close, DEFAULT_CLOSE_TIMEOUT);
    }

    // ---- for the resolvers, on the loop ----

    EventLoop loop() {
        return loop;
    }

    String poolName() {
        return pool.name();
    }

    Duration sentinelTimeout() {
        return pool.sentinelTimeout();
    }

    List<ControlConnection> sentinelConnections() {
        return links.commandConnections();
    }

    CompletableFuture<RoleCheck.Result> roleCheck(Endpoint node) {
        return RoleCheck.run(loop, node, pool.connectTimeout(), pool.sentinelTimeout(), nodeCredentials);
    }

    void learn(List<SentinelAddress> sentinels, Endpoint from) {
        if (!closed) {
            links.learn(sentinels, from);
        }
    }

    void publish(int index, ShardTopology shard, String cause) {
        PoolTopology before = current;
        log.info("pool {} shard {}: {}", pool.name(), shard.name(), cause);
        notify(before, before.with(index, shard), cause);
    }

    /** Link states by sentinel, for tests. */
    Map<Endpoint, SentinelLink.State> linkStates() {
        return links.states();
    }

    private void poll() {
        if (links.dropExpired(System.nanoTime())) {
            updateDegraded(null);
        }
        resolvers.forEach(resolver -> resolver.trigger(Trigger.poll()));
    }

    private void resolveAll(SentinelLink because) {
        resolvers.forEach(resolver -> resolver.trigger(Trigger.linkUp(because)));
    }

    private void updateDegraded(SentinelLink cameUp) {
        boolean degraded = links.allDown();
        PoolTopology before = current;
        if (degraded == before.degraded()) {
            return;
        }
        String cause;
        if (degraded) {
            degradedSinceNanos = System.nanoTime();
            cause = "no sentinel reachable (" + links.states().keySet() + "): degraded, keeping the last verified view";
        } else {
            long ms = (System.nanoTime() - degradedSinceNanos) / 1_000_000;
            cause = "sentinel " + cameUp + " reachable again after " + ms + " ms: no longer degraded";
        }
        log.info("pool {}: {}; {}", pool.name(), cause, before.shards());
        notify(before, before.withDegraded(degraded), cause);
    }

    private void notify(PoolTopology before, PoolTopology after, String cause) {
        current = after;
        try {
            listener.onChange(before, after, cause);
        } catch (RuntimeException e) {
            log.warn("pool {}: topology listener failed on: {}", pool.name(), cause, e);
        }
    }

    private void onLoop(Runnable task) {
        try {
            loop.execute(task);
        } catch (RejectedExecutionException shutDown) {
            log.debug("pool {}: event loop shut down; ignored", pool.name());
        }
    }

    /** What the links report, turned into resolutions. */
    private final class LinkEvents implements SentinelLink.Listener {

        @Override
        public void linkUp(SentinelLink link) {
            SentinelLink same = links.duplicateOf(link);
            if (same != null) {
                log.info("pool {}: sentinel {} is {} under another address; dropping the learned link",
                        pool.name(), link, same);
                links.drop(link);
                return;
            }
            log.info("pool {}: sentinel {} connected (id {})", pool.name(), link, link.runId());
            listener.onSentinelLink(link.toString(), true, "connected (id " + link.runId() + ")");
            updateDegraded(link);
            if (settled || (settled = links.configuredTried())) {
                resolveAll(link);
            }
        }

        @Override
        public void linkDown(SentinelLink link, String why) {
            log.info("pool {}: sentinel {} unreachable: {}", pool.name(), link, why);
            listener.onSentinelLink(link.toString(), false, why);
            updateDegraded(null);
            if (!settled && (settled = links.configuredTried())) {
                resolveAll(link);
            }
        }

        @Override
        public void event(SentinelLink link, SentinelEvent event) {
            log.info("pool {}: sentinel {} says {} {}", pool.name(), link, event.channel(), event.payload());
            listener.onSentinelEvent(link.toString(), event.channel(), event.masterName(), event.payload());
            CompletableFuture<RoleCheck.Result> prefetch = null;
            for (ShardResolver resolver : resolvers) {
                if (!event.concerns(resolver.sentinelName())) {
                    continue;
                }
                if (event.isSwitchMaster() && event.newMaster() != null) {
                    prefetch = prefetch != null ? prefetch : roleCheck(event.newMaster());
                    resolver.trigger(Trigger.switchMaster(link, event, prefetch));
                } else {
                    resolver.trigger(Trigger.event(link, event));
                }
            }
        }
    }
}
