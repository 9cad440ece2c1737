package io.vigil.server;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import io.vigil.backend.LoopFlusher;
import io.vigil.backend.NodePool;
import io.vigil.backend.PoolBackends;
import io.vigil.backend.TrustEpochs;
import io.vigil.config.Endpoint;
import io.vigil.topology.PoolTopology;
import io.vigil.topology.ShardTopology;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * One pool on one event loop: its backend connections, its clients, and the clients waiting for
 * their shard to have a verified master again. Confined to the loop.
 *
 * <p>While a shard has no writable master its requests wait, re-tried every {@link #TICK_MILLIS},
 * for at most the pool's {@code failover_hold}, counted from when the shard was first found
 * without one; after that they fail at once until a master is back.
 */
final class PoolLoop {

    static final long TICK_MILLIS = 10;

    final PoolRuntime pool;
    final PoolBackends backends;
    final EventLoop loop;
    final LoopFlusher flusher;
    private final LinkedHashSet<ClientSession> sessions = new LinkedHashSet<>();
    private ArrayList<ClientSession> waiting = new ArrayList<>();
    private ArrayList<ClientSession> spare = new ArrayList<>();
    private boolean tickScheduled;
    /**
     * Db indexes below this are known to exist on the pool's nodes (a SELECT of them succeeded;
     * db 0 always exists). Redis's {@code databases} cannot change while it runs, so a SELECT of
     * a known index is applied at once, without asking a node.
     */
    private int knownDbs = 1;
    /** System.nanoTime() when a request first found the shard without a master; 0 while it has one. */
    private long unroutableSince;

    PoolLoop(PoolRuntime pool, PoolBackends backends, EventLoop loop) {
        this.pool = pool;
        this.backends = backends;
        this.loop = loop;
        this.flusher = backends.flusher();
    }

    void register(ClientSession s) {
        sessions.add(s);
    }

    void unregister(ClientSession s) {
        sessions.remove(s);
    }

    boolean knownDb(int db) {
        return db < knownDbs;
    }

    /** A node answered +OK to SELECT {@code db}. */
    void learnDb(int db) {
        knownDbs = Math.max(knownDbs, db + 1);
    }

    /** The clients of this loop that are held, pinned or subscribed (admin API). */
    java.util.List<ProxyView.ClientInfo> describeClients() {
        java.util.List<ProxyView.ClientInfo> out = new ArrayList<>();
        for (ClientSession s : sessions) {
            String state = s.awaiting ? "held" : s.passthrough.active() ? "subscribed" : s.dedicated != null ? "pinned" : null;
            if (state != null) {
                out.add(new ProxyView.ClientInfo(pool.config().name(), s.id, String.valueOf(s.channel.remoteAddress()), state));
            }
        }
        return out;
    }

    /** The shard has a master that took a request: the hold clock stops. */
    void routable() {
        if (unroutableSince != 0) {
            pool.meters.held(System.nanoTime() - unroutableSince);
            unroutableSince = 0;
        }
    }

    /** Starts the hold clock if it is not running; true once the hold time has passed. */
    boolean holdExpired() {
        long now = System.nanoTime();
        if (unroutableSince == 0) {
            unroutableSince = now;
            return false;
        }
        return now - unroutableSince > pool.holdNanos();
    }

    /** {@code s} retries its waiting requests at the next tick, or at the next topology change. */
    void await(ClientSession s) {
        if (!s.awaiting) {
            s.awaiting = true;
            waiting.add(s);
            pool.meters.heldClient(1);
        }
        if (!tickScheduled) {
            tickScheduled = true;
            loop.schedule(this::tick, TICK_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void tick() {
        tickScheduled = false;
        wakeAll();
    }

    private void wakeAll() {
        ArrayList<ClientSession> now = waiting;
        waiting = spare;
        spare = now;
        if (!now.isEmpty()) {
            pool.meters.heldClient(-now.size());
        }
        for (ClientSession s : now) {
            s.awaiting = false;
            s.wake();
        }
        now.clear();
        flusher.flush();
    }

    /** Runs on the loop after the pool's topology changed from {@code before} to {@code after}. */
    void onTopologyChange(PoolTopology before, PoolTopology after) {
        for (int i = 0; i < after.shards().size() && i < before.shards().size(); i++) {
            Endpoint old = replaced(before.shard(i), after.shard(i));
            if (old != null) {
                fence(old);
            }
        }
        wakeAll();
    }

    /**
     * Called on the control thread before {@code after} is published: every master it no longer
     * names as verified stops being trusted at once, on every loop (see {@link TrustEpochs}).
     */
    static void distrustReplaced(PoolTopology before, PoolTopology after, TrustEpochs trust) {
        for (int i = 0; i < after.shards().size() && i < before.shards().size(); i++) {
            Endpoint old = replaced(before.shard(i), after.shard(i));
            if (old != null) {
                trust.distrust(old);
            }
        }
    }

    /** The master of {@code was} when {@code now} names another one or no longer verifies it; else null. */
    private static Endpoint replaced(ShardTopology was, ShardTopology now) {
        Endpoint old = was.master();
        return old != null && (!Objects.equals(old, now.master()) || !now.verified()) ? old : null;
    }

    /**
     * Moves every client that owes nothing to the pool's successor after a reload; in a drain,
     * closes it instead (every client, once the drain's time is up).
     */
    void sweep() {
        boolean draining = pool.draining();
        boolean expired = draining && pool.drainExpired();
        for (ClientSession s : new ArrayList<>(sessions)) {
            if (expired) {
                s.channel.close();
            } else if (draining) {
                if (s.quiet()) {
                    // after every reply written so far has left, and without reading another request
                    s.closing = true;
                    s.channel.config().setAutoRead(false);
                    s.channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
                }
            } else {
                FrontendHandler handler = FrontendHandler.of(s.channel);
                if (handler != null) {
                    handler.followReload();
                }
            }
        }
    }

    /** One round of a drain, every {@link #TICK_MILLIS} until the pool's clients on this loop are gone. */
    void drainTick() {
        sweep();
        if (!sessions.isEmpty()) {
            loop.schedule(this::drainTick, TICK_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void fence(Endpoint old) {
        NodePool node = backends.existing(old);
        if (node != null) {
            node.fence();
            pool.meters.node(old).fenced();
        }
        for (ClientSession s : new ArrayList<>(sessions)) {
            s.onFenced(old);
        }
    }
}
