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
 * <p>Order: every request gets a {@link ReplySlot} in {@link #replies} ({@link ReplyOrder}), so
 * replies leave in request order whatever order they arrive in. Execution order: per shard, all of a client's requests in
 * flight are on one backend connection ({@link #current}); a request that needs another
 * connection to that shard (a transaction or blocking command needs a dedicated one, a failover
 * moves the client to the new master) waits in {@link #held} until the in-flight ones are
 * answered, so the client's commands still run in the order it sent them. Requests sent again
 * after a failover ({@link #retries}) go before everything held.
 */
final class ClientSession implements Flushable {

    final Channel channel;
    final PoolRuntime pool;
    final long id;
    final PoolLoop poolLoop;
    final PoolBackends backends;
    private final LoopFlusher flusher;
    private final RespRequestDecoder decoder;
    private final int maxPending;
    final ShardRouter router;
    final Passthrough passthrough;

    // state a client sets, kept here because backend connections are shared
    boolean authenticated;
    int db;
    int protocol = 2;
    String name;
    private TxState tx = TxState.NONE;

    /** Slots of requests whose replies have not been written yet, in request order. */
    final ReplyOrder replies = new ReplyOrder();
    /** Requests waiting for a connection switch or a master; owned here until dispatched. */
    private final ArrayDeque<RespRequest> held = new ArrayDeque<>();
    /** Forwarded requests the master never executed, to send again once it is possible. */
    private final ArrayDeque<Retry> retries = new ArrayDeque<>();
    private boolean retryReady;
    /** Per shard: the connection carrying this client's requests in flight, and how many. */
    final BackendConnection[] current;
    final int[] inflight;
    int totalInflight;
    /** Lent to this client alone while it is in a transaction, blocked, or subscribed. */
    BackendConnection dedicated;
    int dedicatedShard;
    /** Per shard, System.nanoTime() when the client's last write was answered (read-your-writes); 0: none. */
    private final long[] lastWriteAt;
    /** Rotates among equally loaded nodes for reads. */
    private int readTurn = (int) System.nanoTime();

    /** Set by {@link PoolLoop} while this session is on its waiting list. */
    boolean awaiting;
    private boolean flushQueued;
    private boolean draining;
    private boolean drainAgain;
    private boolean dispatching;
    private boolean readPaused;
    /** No more requests are read or run: QUIT, a protocol error, or a lost subscription. */
    boolean closing;
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
        this.router = new ShardRouter(pool);
        this.current = new BackendConnection[router.shardCount()];
        this.inflight = new int[router.shardCount()];
        this.lastWriteAt = new long[router.shardCount()];
        this.passthrough = new Passthrough(this);
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
        replies.addAlways(slot);
        closing = true;
        drain();
    }

    /** Runs one request, or returns false (keeping it) when it must wait. */
    private boolean handle(RespRequest req) {
        if (dedicated != null && !passthrough.active() && dedicated.isClosed()) {
            dedicatedLost();
        }
        CommandSpec spec = pool.table().lookup(req);
        PlanKind kind = pool.planner().plan(spec, req);
        if (passthrough.active()) {
            return passthrough.request(req, kind);
        }
        if (!authenticated && !SessionCommands.allowedBeforeAuth(kind)) {
            local(req, errorBuf(ProxyReplies.NOAUTH));
            return true;
        }
        if (tx.compareTo(TxState.WATCH_LOST) >= 0 && BrokenTransaction.handle(this, req, kind)) {
            return true;
        }
        if (tx == TxState.MULTI_LAZY && kind != PlanKind.QUIT && kind != PlanKind.RESET) {
            return Sharding.firstInLazyMulti(this, req, spec, kind);
        }
        if (tx == TxState.MULTI && kind != PlanKind.QUIT && kind != PlanKind.RESET && kind != PlanKind.EXEC
                && kind != PlanKind.DISCARD && kind != PlanKind.SELECT) {
            // inside a transaction Redis queues everything, local commands included
            return Sharding.inMulti(this, req, spec);
        }
        switch (kind) {
            case FORWARD:
                return Sharding.forward(this, req, spec, false, true);
            case FORWARD_DEDICATED:
                return Sharding.forward(this, req, spec, true, false);
            case MULTI:
                if (router.shardCount() > 1 && dedicated == null) {
                    tx = TxState.MULTI_LAZY; // the first queued command's keys decide the shard
                    local(req, Replies.simple(channel.alloc(), "OK"));
                    return true;
                }
                if (forward(req, spec, dedicatedShard, true, true, null)) {
                    tx = TxState.MULTI;
                    return true;
                }
                return false;
            case WATCH:
                if (Sharding.forward(this, req, spec, true, true)) {
                    tx = tx == TxState.NONE && dedicated != null ? TxState.WATCHING : tx;
                    return true;
                }
                return false;
            case EXEC:
            case DISCARD:
                if (forward(req, spec, dedicated != null ? dedicatedShard : 0, false, true, null)) {
                    tx = TxState.NONE;
                    if (dedicated != null) {
                        dedicated.forgetDb(); // a SELECT may have run inside the transaction
                    }
                    return true;
                }
                return false;
            case UNWATCH:
                if (forward(req, spec, dedicated != null ? dedicatedShard : 0, false, true, null)) {
                    tx = tx == TxState.WATCHING ? TxState.NONE : tx;
                    return true;
                }
                return false;
            case SELECT:
                return SessionCommands.select(this, req);
            case SUBSCRIBE:
            case MONITOR:
                return passthrough.enter(req, kind == PlanKind.MONITOR);
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
     * Sends a request to the master of {@code shard}. Returns false when the request must wait:
     * it needs another connection than the one its predecessors on that shard are on, or the
     * shard has no master yet.
     *
     * @param spec the command, or null when unknown
     * @param wantDedicated the request needs a connection of its own (transaction, blocking)
     * @param timed whether the pool's request timeout applies
     * @param slot the slot to use, or null for a new one
     */
    boolean forward(RespRequest req, CommandSpec spec, int shard, boolean wantDedicated, boolean timed, ReplySlot slot) {
        if (slot == null && !wantDedicated && dedicated == null && tx == TxState.NONE
                && pool.reads().mayUseReplica(spec) && readFromReplica(req, shard)) {
            return true;
        }
        BackendConnection target;
        if (dedicated != null && dedicatedShard == shard) {
            target = dedicated;
        } else {
            if (wantDedicated && dedicated != null) {
                local(req, errorBuf(ProxyReplies.CROSSSHARD_PINNED));
                return true;
            }
            ShardTopology topology = pool.shard(shard);
            if (!topology.verified()) {
                return awaitMaster(req, topology);
            }
            if (wantDedicated && inflight[shard] > 0) {
                return false;
            }
            NodePool node = backends.node(topology.master());
            target = wantDedicated ? node.dedicated(protocol) : node.shared((int) id, protocol);
            if (target == null) {
                if (pool.holdsRequests()) {
                    return awaitMaster(req, topology);
                }
                if (pool.ejection() != null) {
                    pool.ejection().failure(shard);
                }
                local(req, errorBuf(node.unavailableError()));
                return true;
            }
            poolLoop.routable();
            if (wantDedicated) {
                dedicated = target;
                dedicatedShard = shard;
            }
        }
        if (target != current[shard] && inflight[shard] > 0) {
            return false;
        }
        current[shard] = target;
        boolean write = spec == null || !spec.mayGoToReplica();
        if (slot == null && pool.holdsRequests() && target != dedicated) {
            ForwardSlot retryable = new ForwardSlot(this, req, !write);
            retryable.write = write;
            retryable.node = target.node();
            addSlot(retryable, shard);
            // the slot keeps the request for a retry; the connection gets its own reference
            target.send(req.frame().retainedDuplicate(), db, retryable, timed);
            return true;
        }
        if (slot == null) {
            slot = new ReplySlot(this);
        }
        slot.write = write;
        addSlot(slot, shard);
        // the frame now belongs to the connection; the request object is dropped
        target.send(req.frame(), db, slot, timed);
        return true;
    }

    /**
     * Sends a read to a replica when the read policy picks one. Reads keep flowing from replicas
     * while the shard has no verified master. A failed replica read is sent again to the master.
     */
    private boolean readFromReplica(RespRequest req, int shard) {
        ShardTopology topology = pool.shard(shard);
        Endpoint replica = topology.master() == null && topology.replicas().isEmpty() ? null
                : pool.reads().pick(topology, backends, (int) id, protocol, readTurn++, pool.health(),
                        pool.readYourWrites() ? lastWriteAt[shard] : 0);
        if (replica == null) {
            return false;
        }
        BackendConnection c = backends.node(replica).shared((int) id, protocol);
        if (c == null) {
            return false;
        }
        ForwardSlot read = new ForwardSlot(this, req, true);
        read.node = replica;
        read.shard = shard;
        read.replicaRead = true;
        totalInflight++;
        addSlot(read);
        c.send(req.frame().retainedDuplicate(), db, read, true);
        return true;
    }

    /** Counts a request in flight on {@code shard} and gives it its place in the reply order. */
    void addSlot(ReplySlot slot, int shard) {
        slot.shard = shard;
        inflight[shard]++;
        totalInflight++;
        addSlot(slot);
    }

    boolean awaitMaster(RespRequest req, ShardTopology shard) {
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
        ShardTopology shard = pool.shard(0);
        return shard.verified() ? backends.node(shard.master()).shared((int) id, protocol) : null;
    }

    void suspect(int shard, Endpoint node, String why) {
        pool.suspect(shard, node, why);
    }

    /**
     * Something its master never ran goes back to wait for the shard's master; it goes out again
     * before any held request. {@code shard} is the shard whose in-flight count it leaves, or -1
     * for a read that was on a replica.
     */
    void retryLater(Retry retry, int shard) {
        if (shard >= 0) {
            inflight[shard]--;
        }
        totalInflight--;
        retries.add(retry);
        poolLoop.await(this);
    }

    /** Counts a request sent again in flight on {@code shard}. */
    void countSent(int shard) {
        inflight[shard]++;
        totalInflight++;
    }

    /** A retry found no master yet: wait for the next tick or topology change. */
    void retryNotReady() {
        retryReady = false;
        poolLoop.await(this);
    }

    /** Called by the pool loop at its tick and after a topology change. */
    void wake() {
        if (closed) {
            return;
        }
        retryReady = true;
        passthrough.wake();
        drain();
    }

    private void dedicatedLost() {
        BackendConnection c = dedicated;
        dedicated = null;
        if (current[dedicatedShard] == c) {
            current[dedicatedShard] = null;
        }
        if (tx == TxState.WATCHING) {
            tx = TxState.WATCH_LOST;
        } else if (tx == TxState.MULTI) {
            tx = TxState.MULTI_ABORTED;
        }
    }

    /** A transaction must not go on (its keys span shards): drop its connection, abort it. */
    void abortTransaction() {
        if (dedicated != null) {
            dedicated.close();
            dedicatedLost();
        }
        tx = TxState.MULTI_ABORTED;
    }

    /** The node {@code old} stopped being a master: let go of any connection lent to us there. */
    void onFenced(Endpoint old) {
        if (dedicated != null && old.equals(dedicated.node())) {
            dedicated.close(); // passthrough: subscribed again; transaction: told at its next command
        }
    }

    private void reset() {
        if (dedicated != null) {
            dedicated.close();
            dedicated = null;
            java.util.Arrays.fill(current, null);
        }
        tx = TxState.NONE;
        db = pool.config().redisDb();
        protocol = 2;
        name = null;
        replies.off = false;
        replies.skipNext = false;
        authenticated = pool.config().requiredClientPassword() == null;
        decoder.setAuthenticated(authenticated);
    }

    /** RESET while subscribed: the passthrough has closed its connection. */
    void resetAfterPassthrough(RespRequest req) {
        dedicated = null;
        java.util.Arrays.fill(current, null);
        reset();
        local(req, Replies.simple(channel.alloc(), "RESET"));
    }

    ReplySlot newSlot() {
        ReplySlot slot = new ReplySlot(this);
        addSlot(slot);
        return slot;
    }

    /** Gives {@code slot} its place in the reply order without counting anything in flight. */
    void enqueue(ReplySlot slot) {
        addSlot(slot);
    }

    private void addSlot(ReplySlot slot) {
        replies.add(slot);
    }

    boolean nothingOwed() {
        return replies.isEmpty() && totalInflight == 0;
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

    boolean isClosed() {
        return closed;
    }

    /** A write to {@code shard}'s master was answered: with read-your-writes, reads wait for replicas to catch up. */
    void wrote(int shard) {
        if (pool.readYourWrites()) {
            lastWriteAt[shard] = System.nanoTime();
        }
    }

    /** One part of a split request came back from {@code shard}. */
    void onPartDone(int shard) {
        if (closed) {
            return;
        }
        inflight[shard]--;
        totalInflight--;
        if (inflight[shard] == 0) {
            releaseDedicatedIfDone(shard);
        }
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
            if (slot.replicaRead) {
                totalInflight--;
            } else {
                if (slot.write) {
                    wrote(slot.shard);
                }
                Ejection ejection = pool.ejection();
                if (ejection != null) {
                    if (slot.failed) {
                        ejection.failure(slot.shard);
                    } else {
                        ejection.success(slot.shard);
                    }
                }
                onPartDone(slot.shard);
            }
        }
        drain();
    }

    private void releaseDedicatedIfDone(int shard) {
        if (dedicated != null && dedicatedShard == shard && tx == TxState.NONE && !passthrough.active()) {
            backends.node(dedicated.node()).release(dedicated);
            if (current[shard] == dedicated) {
                current[shard] = null;
            }
            dedicated = null;
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
        if (replies.writeFinished(channel)) {
            queueFlush();
        }
    }

    private void dispatchHeld() {
        if (dispatching) {
            return;
        }
        dispatching = true;
        try {
            Retry retry;
            while (retryReady && !closed && (retry = retries.peek()) != null) {
                if (!retry.resend()) {
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

    void queueFlush() {
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

    /** Closes the client after an error that ends its session (a lost subscription). */
    void closeWith(String error) {
        closing = true;
        channel.writeAndFlush(errorBuf(error)).addListener(ChannelFutureListener.CLOSE);
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
            if (passthrough.active() || c.outstanding() > 0 || tx != TxState.NONE) {
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
        Retry retry;
        while ((retry = retries.poll()) != null) {
            retry.release();
        }
        if (closed) {
            replies.clear();
        } else {
            replies.releaseFilled();
        }
    }
}
