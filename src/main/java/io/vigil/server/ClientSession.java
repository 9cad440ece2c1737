package io.vigil.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.vigil.backend.BackendConnection;
import io.vigil.backend.Flushable;
import io.vigil.backend.LoopFlusher;
import io.vigil.backend.NodePool;
import io.vigil.backend.PoolBackends;
import io.vigil.command.CommandSpec;
import io.vigil.command.PlanKind;
import io.vigil.config.Endpoint;
import io.vigil.protocol.RespRequest;
import io.vigil.protocol.RespRequestDecoder;

import java.util.ArrayDeque;

/**
 * One client connection's state, confined to its event loop.
 *
 * <p>Order: every request gets a {@link ReplySlot} in {@link #replies}; replies leave in slot
 * order whatever order they arrive in. Execution order: all of a client's requests in flight are
 * on one backend connection ({@link #current}); a request that needs another connection (a
 * transaction or blocking command needs a dedicated one) waits in {@link #held} until the
 * in-flight ones are answered, so the client's commands still run in the order it sent them.
 *
 * <p>Subscribed clients (and MONITOR) turn the dedicated connection into a passthrough: every
 * frame it receives is written to the client as it comes.
 */
final class ClientSession implements Flushable {

    final Channel channel;
    final PoolRuntime pool;
    final long id;
    private final PoolBackends backends;
    private final LoopFlusher flusher;
    private final RespRequestDecoder decoder;
    private final int maxPending;

    // state a client sets, kept here because backend connections are shared
    boolean authenticated;
    int db;
    int protocol = 2;
    String name;
    boolean replyOff;
    boolean skipNext;
    private boolean inMulti;
    private boolean watching;

    /** Slots of requests whose replies have not been written yet, in request order. */
    private final ArrayDeque<ReplySlot> replies = new ArrayDeque<>();
    /** Requests waiting for a connection switch; owned here until dispatched or released. */
    private final ArrayDeque<RespRequest> held = new ArrayDeque<>();
    /** The connection carrying this client's requests in flight; {@link #inflight} counts them. */
    private BackendConnection current;
    private int inflight;
    /** Lent to this client alone while it is in a transaction, blocked, or subscribed. */
    private BackendConnection dedicated;
    private boolean passthrough;

    private boolean flushQueued;
    private boolean draining;
    private boolean drainAgain;
    private boolean dispatching;
    private boolean readPaused;
    /** No more requests are read or run: QUIT, a protocol error, or a lost subscription. */
    private boolean closing;
    private boolean closed;

    ClientSession(Channel channel, PoolRuntime pool, PoolBackends backends, LoopFlusher flusher,
                  RespRequestDecoder decoder, long id) {
        this.channel = channel;
        this.pool = pool;
        this.backends = backends;
        this.flusher = flusher;
        this.decoder = decoder;
        this.id = id;
        this.maxPending = pool.config().limits().maxPendingPerClient();
        this.authenticated = pool.config().requiredClientPassword() == null;
        this.db = pool.config().redisDb();
        decoder.setAuthenticated(authenticated);
    }

    void onRequest(RespRequest req) {
        if (closing || closed) {
            req.release();
            return;
        }
        if (!held.isEmpty() || !handle(req)) {
            held.add(req);
        }
        updateReading();
    }

    /** A malformed request: its error follows the replies already owed, then the connection closes. */
    void onProtocolError(String error) {
        if (closing || closed) {
            return;
        }
        ReplySlot slot = new ReplySlot(this);
        slot.fill(Replies.rawError(channel.alloc(), error));
        slot.closeAfter = true;
        replies.add(slot);
        closing = true;
        drain();
    }

    /** Runs one request, or returns false (keeping it) when it must wait for in-flight ones. */
    private boolean handle(RespRequest req) {
        CommandSpec spec = pool.table().lookup(req);
        PlanKind kind = pool.planner().plan(spec, req);
        if (passthrough) {
            return passthroughRequest(req, kind);
        }
        if (!authenticated && !SessionCommands.allowedBeforeAuth(kind)) {
            local(req, errorBuf(ProxyReplies.NOAUTH));
            return true;
        }
        if (inMulti && kind != PlanKind.QUIT && kind != PlanKind.RESET && kind != PlanKind.EXEC
                && kind != PlanKind.DISCARD && kind != PlanKind.SELECT) {
            // inside a transaction Redis queues everything, local commands included
            return forward(req, false, true, null);
        }
        switch (kind) {
            case FORWARD:
                return forward(req, false, true, null);
            case FORWARD_DEDICATED:
                // inside MULTI a blocking command is only queued, so the timeout still applies
                return forward(req, true, inMulti, null);
            case MULTI:
                if (forward(req, true, true, null)) {
                    inMulti = true;
                    return true;
                }
                return false;
            case WATCH:
                if (forward(req, true, true, null)) {
                    watching = true;
                    return true;
                }
                return false;
            case EXEC:
            case DISCARD:
                if (forward(req, false, true, null)) {
                    inMulti = false;
                    watching = false;
                    if (dedicated != null) {
                        dedicated.forgetDb(); // a SELECT may have run inside the transaction
                    }
                    return true;
                }
                return false;
            case UNWATCH:
                if (forward(req, false, true, null)) {
                    watching = inMulti && watching;
                    return true;
                }
                return false;
            case SELECT:
                return SessionCommands.select(this, req);
            case SUBSCRIBE:
            case MONITOR:
                if (inMulti) {
                    return forward(req, false, true, null);
                }
                return enterPassthrough(req);
            case RESET:
                if (!replies.isEmpty()) {
                    return false;
                }
                reset();
                local(req, Replies.simple(channel.alloc(), "RESET"));
                return true;
            case QUIT:
                ReplySlot slot = newSlot();
                slot.fill(Replies.simple(channel.alloc(), "OK"));
                slot.discard = false;
                slot.closeAfter = true;
                closing = true;
                req.release();
                drain();
                return true;
            default:
                SessionCommands.local(this, kind, req);
                return true;
        }
    }

    /**
     * Sends a request to the master on the client's connection. Returns false when the request
     * must wait because it needs another connection than the one its predecessors are on.
     *
     * @param wantDedicated the request needs a connection of its own (transaction, blocking)
     * @param timed whether the pool's request timeout applies
     * @param slot the slot to use, or null for a plain one
     */
    boolean forward(RespRequest req, boolean wantDedicated, boolean timed, ReplySlot slot) {
        NodePool node = backends.node(pool.master());
        BackendConnection target;
        if (dedicated != null) {
            target = dedicated;
        } else if (wantDedicated) {
            if (inflight > 0) {
                return false;
            }
            target = node.dedicated(protocol);
            if (target == null) {
                local(req, errorBuf(node.unavailableError()));
                return true;
            }
            dedicated = target;
        } else {
            target = node.shared((int) id, protocol);
            if (target == null) {
                local(req, errorBuf(node.unavailableError()));
                return true;
            }
        }
        if (target != current && inflight > 0) {
            return false;
        }
        current = target;
        if (slot == null) {
            slot = newSlot();
        } else {
            addSlot(slot);
        }
        inflight++;
        // the frame now belongs to the connection; the request object is dropped
        target.send(req.frame(), db, slot, timed);
        return true;
    }

    /** The connection a SELECT will be forwarded on, so its slot can track that connection's db. */
    BackendConnection connectionForNextForward() {
        if (dedicated != null) {
            return dedicated;
        }
        return backends.node(pool.master()).shared((int) id, protocol);
    }

    private boolean enterPassthrough(RespRequest req) {
        if (!replies.isEmpty()) {
            return false; // everything owed to the client goes out before the first message
        }
        NodePool node = backends.node(pool.master());
        BackendConnection c = dedicated != null ? dedicated : node.dedicated(protocol);
        if (c == null) {
            local(req, errorBuf(node.unavailableError()));
            return true;
        }
        dedicated = c;
        current = c;
        passthrough = true;
        c.passthrough(new PassthroughSink(this));
        c.send(req.frame(), db, null, false);
        return true;
    }

    private boolean passthroughRequest(RespRequest req, PlanKind kind) {
        if (kind == PlanKind.RESET) {
            BackendConnection c = dedicated;
            passthrough = false;
            dedicated = null;
            current = null;
            c.close(); // unsubscribes from everything at once
            reset();
            local(req, Replies.simple(channel.alloc(), "RESET"));
            return true;
        }
        dedicated.send(req.frame(), db, null, false);
        return true;
    }

    /** A frame from the passthrough connection: straight to the client. */
    void onPassthroughFrame(ByteBuf frame) {
        if (closed) {
            frame.release();
            return;
        }
        channel.write(frame, channel.voidPromise());
        queueFlush();
    }

    /** The passthrough connection died: the client's subscriptions are gone, so is the client. */
    void onPassthroughLost(String error) {
        if (closed || !passthrough) {
            return;
        }
        passthrough = false;
        dedicated = null;
        current = null;
        closing = true;
        channel.writeAndFlush(errorBuf(error)).addListener(ChannelFutureListener.CLOSE);
    }

    private void reset() {
        if (dedicated != null) {
            dedicated.close();
            dedicated = null;
            current = null;
        }
        inMulti = false;
        watching = false;
        db = pool.config().redisDb();
        protocol = 2;
        name = null;
        replyOff = false;
        skipNext = false;
        authenticated = pool.config().requiredClientPassword() == null;
        decoder.setAuthenticated(authenticated);
    }

    ReplySlot newSlot() {
        ReplySlot slot = new ReplySlot(this);
        addSlot(slot);
        return slot;
    }

    private void addSlot(ReplySlot slot) {
        if (replyOff) {
            slot.discard = true;
        } else if (skipNext) {
            slot.discard = true;
            skipNext = false;
        }
        replies.add(slot);
    }

    /** Answers a request locally, in its place in the reply order. */
    void local(RespRequest req, ByteBuf reply) {
        req.release();
        newSlot().fill(reply);
        drain();
    }

    /** A local answer that no slot follows (CLIENT REPLY OFF/SKIP answer nothing). */
    void noReply(RespRequest req) {
        req.release();
    }

    void selected(int newDb) {
        db = newDb;
    }

    void setAuthenticated() {
        authenticated = true;
        decoder.setAuthenticated(true);
    }

    ByteBuf errorBuf(String error) {
        return Replies.error(channel.alloc(), error);
    }

    void onSlotDone(ReplySlot slot, boolean fromBackend) {
        if (closed) {
            if (slot.reply != null) {
                slot.reply.release();
                slot.reply = null;
            }
            return;
        }
        if (fromBackend) {
            inflight--;
            if (inflight == 0) {
                releaseDedicatedIfDone();
            }
        }
        drain();
    }

    private void releaseDedicatedIfDone() {
        if (dedicated != null && !inMulti && !watching && !passthrough) {
            backends.node(dedicated.node()).release(dedicated);
            dedicated = null;
            current = null;
        }
    }

    /** Writes every finished reply at the head of the order, then runs requests that waited. */
    void drain() {
        if (draining) {
            drainAgain = true;
            return;
        }
        draining = true;
        try {
            do {
                drainAgain = false;
                writeFinished();
                dispatchHeld();
            } while (drainAgain);
        } finally {
            draining = false;
        }
        updateReading();
    }

    private void writeFinished() {
        ReplySlot slot;
        boolean wrote = false;
        while ((slot = replies.peek()) != null && slot.done) {
            replies.poll();
            ByteBuf reply = slot.reply;
            slot.reply = null;
            if (slot.discard) {
                reply.release();
            } else {
                channel.write(reply, channel.voidPromise());
                wrote = true;
            }
            if (slot.closeAfter) {
                channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
                releaseAll();
                return;
            }
        }
        if (wrote) {
            queueFlush();
        }
    }

    private void dispatchHeld() {
        if (dispatching) {
            return;
        }
        dispatching = true;
        try {
            RespRequest req;
            while (!closing && !closed && (req = held.peek()) != null) {
                if (!handle(req)) {
                    break;
                }
                held.poll();
            }
        } finally {
            dispatching = false;
        }
    }

    private void queueFlush() {
        if (!flushQueued) {
            flushQueued = true;
            flusher.add(this);
        }
    }

    @Override
    public void flushNow() {
        flushQueued = false;
        channel.flush();
    }

    /** Stops reading while too much is owed to this client or its socket does not drain. */
    void updateReading() {
        if (closed) {
            return;
        }
        int owed = replies.size() + held.size();
        if (!readPaused && (owed >= maxPending || !channel.isWritable() || closing)) {
            readPaused = true;
            channel.config().setAutoRead(false);
        } else if (readPaused && !closing && owed <= maxPending / 2 && channel.isWritable()) {
            readPaused = false;
            channel.config().setAutoRead(true);
        }
    }

    /** The client connection closed: release everything this session owns. */
    void onClosed() {
        if (closed) {
            return;
        }
        closed = true;
        releaseAll();
        if (dedicated != null) {
            BackendConnection c = dedicated;
            dedicated = null;
            if (passthrough || c.outstanding() > 0) {
                c.close(); // a blocked or subscribed connection cannot be lent to anyone else
            } else {
                backends.node(c.node()).release(c);
            }
        }
    }

    private void releaseAll() {
        RespRequest req;
        while ((req = held.poll()) != null) {
            req.release();
        }
        for (ReplySlot slot : replies) {
            if (slot.reply != null) {
                slot.reply.release();
                slot.reply = null;
            }
        }
        if (closed) {
            replies.clear();
        }
    }

    Endpoint master() {
        return pool.master();
    }
}
