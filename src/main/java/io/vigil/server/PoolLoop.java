package io.vigil.server;

import io.netty.channel.EventLoop;
import io.vigil.backend.LoopFlusher;
import io.vigil.backend.NodePool;
import io.vigil.backend.PoolBackends;
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
            ShardTopology was = before.shard(i);
            ShardTopology now = after.shard(i);
            Endpoint old = was.master();
            if (old != null && (!Objects.equals(old, now.master()) || !now.verified())) {
                fence(old);
            }
        }
        wakeAll();
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
