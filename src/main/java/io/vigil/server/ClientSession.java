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
import io.vigil.topology.ShardTopology;

import java.util.ArrayDeque;

/**
 * One client connection's state, confined to its event loop.
 *
 * <p>Order: every request gets a {@link ReplySlot} in {@link #replies}; replies leave in slot
 * order whatever order they arrive in. Execution order: all of a client's requests in flight are
 * on one backend connection ({@link #current}); a request that needs another connection (a
 * transaction or blocking command needs a dedicated one, a failover moves the client to the new
 * master) waits in {@link #held} until the in-flight ones are answered, so the client's commands
 * still run in the order it sent them. Requests sent again after a failover ({@link #retries})
 * go before everything held.
 *
 * <p>Subscribed clients (and MONITOR) turn the dedicated connection into a passthrough: every
 * frame it receives is written to the client as it comes. In a Sentinel pool a lost passthrough
 * is subscribed again on the new master.
 */
final class ClientSession implements Flushable {

    final Channel channel;
    final PoolRuntime pool;
    final long id;
    private final PoolLoop poolLoop;
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
    private TxState tx = TxState.NONE;

    /** Slots of requests whose replies have not been written yet, in request order. */
    private final ArrayDeque<ReplySlot> replies = new ArrayDeque<>();
    /** Requests waiting for a connection switch or a master; owned here until dispatched. */
    private final ArrayDeque<RespRequest> held = new ArrayDeque<>();
    /** Forwarded requests the master never executed, to send again once it is possible. */
    private final ArrayDeque<ForwardSlot> retries = new ArrayDeque<>();
    private boolean retryReady;
    /** The connection carrying this client's requests in flight; {@link #inflight} counts them. */
    private BackendConnection current;
    private int inflight;
    /** Lent to this client alone while it is in a transaction, blocked, or subscribed. */
    private BackendConnection dedicated;
    private boolean passthrough;
    private boolean monitor;
    private Subscriptions subscriptions;
    private boolean resubscribing;
    private int suppressConfirmations;

    /** Set by {@link PoolLoop} while this session is on its waiting list. */
    boolean awaiting;
    private boolean flushQueued;
    private boolean draining;
    private boolean drainAgain;
    private boolean dispatching;
    private boolean readPaused;
    /** No more requests are read or run: QUIT, a protocol error, or a lost subscription. */
    private boolean closing;
    private boolean closed;

    ClientSession(Channel channel, PoolRuntime pool, PoolLoop poolLoop, RespRequestDecoder decoder, long id) {
        this.channel = channel;
        this.pool = pool;
        this.poolLoop = poolLoop;
        this.backends = poolLoop.backends;
        this.flusher = poolLoop.flusher;
        this.decoder = decoder;
        this.id = id;
        this.maxPending = pool.config().limits().maxPendingPerClient();
        this.authenticated = pool.config().requiredClientPassword() == null;
        this.db = pool.config().redisDb();
        decoder.setAuthenticated(authenticated);
        poolLoop.register(this);
    }

    void onRequest(RespRequest req) {
        if (closing || closed) {
            req.release();
            return;
        }
        if (!held.isEmpty() || !retries.isEmpty() || !handle(req)) {
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

    /** Runs one request, or returns false (keeping it) when it must wait. */
    private boolean handle(RespRequest req) {
        if (dedicated != null && !passthrough && dedicated.isClosed()) {
            dedicatedLost();
        }
        CommandSpec spec = pool.table().lookup(req);
        PlanKind kind = pool.planner().plan(spec, req);
        if (passthrough) {
            return passthroughRequest(req, kind);
        }
        if (!authenticated && !SessionCommands.allowedBeforeAuth(kind)) {
            local(req, errorBuf(ProxyReplies.NOAUTH));
            return true;
        }
        if (tx.compareTo(TxState.WATCH_LOST) >= 0 && BrokenTransaction.handle(this, req, kind)) {
            return true;
        }
        if (tx == TxState.MULTI && kind != PlanKind.QUIT && kind != PlanKind.RESET && kind != PlanKind.EXEC
                && kind != PlanKind.DISCARD && kind != PlanKind.SELECT) {
            // inside a transaction Redis queues everything, local commands included
            return forward(req, spec, false, true, null);
        }
        switch (kind) {
            case FORWARD:
                return forward(req, spec, false, true, null);
            case FORWARD_DEDICATED:
                // inside MULTI a blocking command is only queued, so the timeout still applies
                return forward(req, spec, true, tx == TxState.MULTI, null);
            case MULTI:
                if (forward(req, spec, true, true, null)) {
                    tx = TxState.MULTI;
                    return true;
                }
                return false;
            case WATCH:
                if (forward(req, spec, true, true, null)) {
                    tx = tx == TxState.NONE ? TxState.WATCHING : tx;
                    return true;
                }
                return false;
            case EXEC:
            case DISCARD:
                if (forward(req, spec, false, true, null)) {
                    tx = TxState.NONE;
                    if (dedicated != null) {
                        dedicated.forgetDb(); // a SELECT may have run inside the transaction
                    }
                    return true;
                }
                return false;
            case UNWATCH:
                if (forward(req, spec, false, true, null)) {
                    tx = tx == TxState.WATCHING ? TxState.NONE : tx;
                    return true;
                }
                return false;
            case SELECT:
                return SessionCommands.select(this, req);
            case SUBSCRIBE:
            case MONITOR:
                return enterPassthrough(req, kind == PlanKind.MONITOR);
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

    TxState tx() {
        return tx;
    }

    void tx(TxState state) {
        tx = state;
    }

    /**
     * Sends a request to its shard's master. Returns false when the request must wait: it needs
     * another connection than the one its predecessors are on, or the shard has no master yet.
     *
     * @param spec the command, or null when unknown
     * @param wantDedicated the request needs a connection of its own (transaction, blocking)
     * @param timed whether the pool's request timeout applies
     * @param slot the slot to use, or null for a new one
     */
    boolean forward(RespRequest req, CommandSpec spec, boolean wantDedicated, boolean timed, ReplySlot slot) {
        BackendConnection target;
        if (dedicated != null) {
            target = dedicated;
        } else {
            ShardTopology shard = pool.shard();
            if (!shard.verified()) {
                return awaitMaster(req, shard);
            }
            if (wantDedicated && inflight > 0) {
                return false;
            }
            NodePool node = backends.node(shard.master());
            target = wantDedicated ? node.dedicated(protocol) : node.shared((int) id, protocol);
            if (target == null) {
                if (pool.holdsRequests()) {
                    return awaitMaster(req, shard);
                }
                local(req, errorBuf(node.unavailableError()));
                return true;
            }
            poolLoop.routable();
            if (wantDedicated) {
                dedicated = target;
            }
        }
        if (target != current && inflight > 0) {
            return false;
        }
        current = target;
        if (slot == null && pool.holdsRequests() && dedicated == null) {
            ForwardSlot retryable = new ForwardSlot(this, req, spec != null && spec.mayGoToReplica());
            retryable.node = target.node();
            addSlot(retryable);
            inflight++;
            // the slot keeps the request for a retry; the connection gets its own reference
            target.send(req.frame().retainedDuplicate(), db, retryable, timed);
            return true;
        }
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

    private boolean awaitMaster(RespRequest req, ShardTopology shard) {
        if (poolLoop.holdExpired()) {
            local(req, errorBuf(ProxyReplies.masterDown(shard.name(), pool.holdNanos())));
            return true;
        }
        poolLoop.await(this);
        return false;
    }

    /** The connection a SELECT will be forwarded on, or null when there is none yet. */
    BackendConnection connectionForNextForward() {
        if (dedicated != null) {
            return dedicated;
        }
        ShardTopology shard = pool.shard();
        return shard.verified() ? backends.node(shard.master()).shared((int) id, protocol) : null;
    }

    boolean mayRetry(ForwardSlot slot) {
        return !closed && pool.holdsRequests() && System.nanoTime() - slot.firstSentAt < pool.holdNanos();
    }

    /** {@code slot}'s request was not executed: send it again once the shard has a master. */
    void retry(ForwardSlot slot) {
        inflight--;
        retries.add(slot);
        poolLoop.await(this);
    }

    void suspect(Endpoint node, String why) {
        pool.suspect(node, why);
    }

    private boolean resend(ForwardSlot slot) {
        ShardTopology shard = pool.shard();
        BackendConnection target = null;
        if (shard.verified()) {
            target = dedicated != null ? dedicated : backends.node(shard.master()).shared((int) id, protocol);
        }
        if (target == null) {
            if (poolLoop.holdExpired() || !mayRetry(slot)) {
                slot.releaseRequest();
                slot.fill(errorBuf(ProxyReplies.masterDown(shard.name(), pool.holdNanos())));
                return true;
            }
            retryReady = false;
            poolLoop.await(this);
            return false;
        }
        if (target != current && inflight > 0) {
            return false;
        }
        poolLoop.routable();
        current = target;
        inflight++;
        slot.node = target.node();
        target.send(slot.request.frame().retainedDuplicate(), db, slot, true);
        return true;
    }

    /** Called by the pool loop at its tick and after a topology change. */
    void wake() {
        if (closed) {
            return;
        }
        retryReady = true;
        if (resubscribing) {
            resubscribe();
        }
        drain();
    }

    private void dedicatedLost() {
        BackendConnection c = dedicated;
        dedicated = null;
        if (current == c) {
            current = null;
        }
        if (tx == TxState.WATCHING) {
            tx = TxState.WATCH_LOST;
        } else if (tx == TxState.MULTI) {
            tx = TxState.MULTI_ABORTED;
        }
    }

    /** The node {@code old} stopped being the master: let go of any connection lent to us there. */
    void onFenced(Endpoint old) {
        if (dedicated != null && old.equals(dedicated.node())) {
            dedicated.close(); // passthrough: subscribed again; transaction: told at its next command
        }
    }

    private boolean enterPassthrough(RespRequest req, boolean monitoring) {
        if (!replies.isEmpty() || inflight > 0) {
            return false; // everything owed to the client goes out before the first message
        }
        BackendConnection c = dedicated;
        if (c == null) {
            ShardTopology shard = pool.shard();
            if (!shard.verified()) {
                return awaitMaster(req, shard);
            }
            NodePool node = backends.node(shard.master());
            c = node.dedicated(protocol);
            if (c == null) {
                if (pool.holdsRequests()) {
                    return awaitMaster(req, shard);
                }
                local(req, errorBuf(node.unavailableError()));
                return true;
            }
        }
        dedicated = c;
        current = c;
        passthrough = true;
        monitor = monitoring;
        subscriptions = new Subscriptions();
        c.passthrough(new PassthroughSink(this));
        c.send(req.frame(), db, null, false);
        return true;
    }

    private boolean passthroughRequest(RespRequest req, PlanKind kind) {
        if (kind == PlanKind.RESET) {
            BackendConnection c = dedicated;
            passthrough = false;
            resubscribing = false;
            dedicated = null;
            current = null;
            if (c != null) {
                c.close(); // unsubscribes from everything at once
            }
            reset();
            local(req, Replies.simple(channel.alloc(), "RESET"));
            return true;
        }
        if (dedicated == null) {
            return false; // subscribing again on a new master: wait for it
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
        if (subscriptions.track(frame) && suppressConfirmations > 0) {
            suppressConfirmations--; // the confirmation of a subscription made again after a failover
            frame.release();
            return;
        }
        channel.write(frame, channel.voidPromise());
        queueFlush();
    }

    /** The passthrough connection died or was fenced. */
    void onPassthroughLost(String error) {
        if (closed || !passthrough || resubscribing) {
            return;
        }
        dedicated = null;
        current = null;
        if (monitor || !pool.holdsRequests() || subscriptions.total() == 0) {
            passthrough = false;
            closing = true;
            channel.writeAndFlush(errorBuf(error)).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        resubscribing = true;
        resubscribe();
    }

    /** Subscribes the client again, on its shard's current master, to everything it had. */
    private void resubscribe() {
        ShardTopology shard = pool.shard();
        BackendConnection c = shard.verified() ? backends.node(shard.master()).dedicated(protocol) : null;
        if (c == null) {
            if (poolLoop.holdExpired()) {
                resubscribing = false;
                passthrough = false;
                closing = true;
                channel.writeAndFlush(errorBuf(ProxyReplies.masterDown(shard.name(), pool.holdNanos())))
                        .addListener(ChannelFutureListener.CLOSE);
            } else {
                poolLoop.await(this);
            }
            return;
        }
        poolLoop.routable();
        dedicated = c;
        current = c;
        resubscribing = false;
        suppressConfirmations = subscriptions.total();
        c.passthrough(new PassthroughSink(this));
        for (Subscriptions.Resubscribe r : subscriptions.resubscribeCommands()) {
            c.send(Frames.command(channel.alloc(), r.name(), r.args()), db, null, false);
        }
    }

    private void reset() {
        if (dedicated != null) {
            dedicated.close();
            dedicated = null;
            current = null;
        }
        tx = TxState.NONE;
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
        if (dedicated != null && tx == TxState.NONE && !passthrough) {
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
            ForwardSlot retry;
            while (retryReady && !closed && (retry = retries.peek()) != null) {
                if (!resend(retry)) {
                    return;
                }
                retries.poll();
            }
            if (!retries.isEmpty()) {
                return;
            }
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
        poolLoop.unregister(this);
        releaseAll();
        if (dedicated != null) {
            BackendConnection c = dedicated;
            dedicated = null;
            if (passthrough || c.outstanding() > 0 || tx != TxState.NONE) {
                c.close(); // a blocked, subscribed or transaction connection cannot be lent again
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
        ForwardSlot retry;
        while ((retry = retries.poll()) != null) {
            retry.releaseRequest();
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
}
