package io.vigil.backend;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelFuture;
import io.vigil.config.Endpoint;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The connections of one event loop to one node: {@code server_connections} shared multiplexed
 * connections per protocol version, plus dedicated connections lent to one client at a time.
 *
 * <p>After a failed connect the node is given a rest that doubles up to
 * {@link BackendSettings#MAX_BACKOFF}; during it requests fail at once instead of waiting on a
 * connect that will fail too. The first successful connect ends the rest.
 */
public final class NodePool {

    /** Clean dedicated connections kept for reuse per protocol; the rest are closed. */
    static final int MAX_IDLE_DEDICATED = 4;

    private final Endpoint node;
    private final PoolBackends owner;
    /** The node's trust epoch, shared with the pool's other loops; see {@link TrustEpochs}. */
    private final AtomicInteger trust;
    /** shared[protocol][i]: index 2 for RESP2 and 3 for RESP3; null until first use. */
    private final BackendConnection[][] shared = new BackendConnection[4][];
    @SuppressWarnings("unchecked")
    private final ArrayDeque<BackendConnection>[] idle = new ArrayDeque[4];
    private final ArrayList<BackendConnection> all = new ArrayList<>();
    /** The node stopped being its shard's master: connections close as soon as they are idle. */
    private boolean fenced;
    private long retryAt;
    private long backoffNanos = BackendSettings.MIN_BACKOFF.toNanos();
    private String lastError;

    NodePool(Endpoint node, PoolBackends owner) {
        this.node = node;
        this.owner = owner;
        this.trust = owner.trust().of(node);
        for (int p = 2; p <= 3; p++) {
            shared[p] = new BackendConnection[owner.settings().connectionsPerNode()];
            idle[p] = new ArrayDeque<>();
        }
    }

    public Endpoint node() {
        return node;
    }

    /** The node's trust epoch now: one volatile read. */
    int trust() {
        return trust.get();
    }

    BackendSettings settings() {
        return owner.settings();
    }

    ByteBufAllocator alloc() {
        return owner.alloc();
    }

    LoopFlusher flusher() {
        return owner.flusher();
    }

    /**
     * The shared connection for a client, chosen by {@code slot} so one client always uses the
     * same one (its requests then execute in order). Null while the node is resting after a failure.
     */
    public BackendConnection shared(int slot, int protocol) {
        fenced = false; // asked for again: the node is a master again
        BackendConnection[] conns = shared[protocol];
        int i = (slot & Integer.MAX_VALUE) % conns.length;
        BackendConnection c = conns[i];
        if (c != null && !c.isClosed()) {
            return c;
        }
        if (resting()) {
            return null;
        }
        c = open(protocol, false);
        conns[i] = c;
        return c;
    }

    /** Requests in flight on the shared connection a client with {@code slot} would use. */
    public int load(int slot, int protocol) {
        BackendConnection[] conns = shared[protocol];
        BackendConnection c = conns[(slot & Integer.MAX_VALUE) % conns.length];
        return c == null || c.isClosed() ? 0 : c.outstanding();
    }

    /** A connection for one client alone, or null while the node is resting. */
    public BackendConnection dedicated(int protocol) {
        fenced = false;
        BackendConnection c;
        while ((c = idle[protocol].poll()) != null) {
            if (!c.isClosed()) {
                return c;
            }
        }
        return resting() ? null : open(protocol, true);
    }

    /** Takes back a dedicated connection; keeps it when it is clean and there is room. */
    public void release(BackendConnection c) {
        if (c.isClosed()) {
            return;
        }
        if (fenced || c.outstanding() > 0 || idle[c.protocol()].size() >= MAX_IDLE_DEDICATED) {
            c.close();
        } else {
            idle[c.protocol()].push(c);
        }
    }

    /** Whether requests to this node would fail at once (it is resting after a failed connect). */
    public boolean isResting() {
        return resting();
    }

    /**
     * The node is no longer its shard's master. Every shared connection closes now, busy or not:
     * a reply still to come would come from a node Vigil no longer trusts, so the requests
     * written on them fail as "outcome unknown" (reads are sent again by their slots). Dedicated
     * connections in use belong to their clients, who are told separately.
     */
    public void fence() {
        fenced = true;
        for (ArrayDeque<BackendConnection> q : idle) {
            if (q != null) {
                BackendConnection c;
                while ((c = q.poll()) != null) {
                    c.close();
                }
            }
        }
        for (BackendConnection c : new ArrayList<>(all)) {
            if (!c.isDedicated()) {
                c.fail(BackendErrors.demoted(node), BackendErrors.connectionLost(node, false));
            }
        }
    }

    /** Why requests fail while the node rests. */
    public String unavailableError() {
        long ms = Math.max(0, TimeUnit.NANOSECONDS.toMillis(retryAt - System.nanoTime()));
        return BackendErrors.unavailable(node, lastError == null ? "not connected" : lastError, ms);
    }

    private boolean resting() {
        return lastError != null && System.nanoTime() - retryAt < 0;
    }

    private BackendConnection open(int protocol, boolean dedicated) {
        BackendConnection c = new BackendConnection(this, protocol, dedicated);
        all.add(c);
        ChannelFuture connect = owner.connect(c, node);
        c.attach(connect);
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                String cause = f.cause() == null ? "unknown" : f.cause().getMessage();
                lastError = cause;
                retryAt = System.nanoTime() + backoffNanos;
                backoffNanos = Math.min(backoffNanos * 2, BackendSettings.MAX_BACKOFF.toNanos());
                c.fail(BackendErrors.cannotConnect(node, cause));
                owner.flusher().flush();
            }
        });
        return c;
    }

    void onConnected(BackendConnection c) {
        lastError = null;
        backoffNanos = BackendSettings.MIN_BACKOFF.toNanos();
    }

    void onDrained(BackendConnection c) {
        if (fenced && !c.isDedicated()) {
            c.close();
        }
    }

    void onClosed(BackendConnection c) {
        all.remove(c);
    }

    void checkTimeouts(long now, long timeoutNanos) {
        for (int i = all.size() - 1; i >= 0 && i < all.size(); i--) {
            all.get(i).checkTimeout(now, timeoutNanos);
        }
    }

    void closeAll() {
        for (BackendConnection c : new ArrayList<>(all)) {
            c.close();
        }
    }
}
