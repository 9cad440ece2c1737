package io.vigil.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.vigil.backend.BackendConnection;
import io.vigil.backend.Flushable;
import io.vigil.backend.LoopFlusher;
import io.vigil.backend.PoolBackends;
import io.vigil.config.Endpoint;
import io.vigil.protocol.RespRequest;
import io.vigil.protocol.RespRequestDecoder;

/**
 * One client connection's state, confined to its event loop.
 *
 * <p>Order: every request gets a {@link ReplySlot} in {@link #replies} ({@link ReplyOrder}), so
 * replies leave in request order whatever order they arrive in. Execution order: per shard, all
 * of a client's requests in flight are on one backend connection ({@link #current}); a request
 * that needs another connection to that shard (a transaction or blocking command needs a dedicated one, a failover
 * moves the client to the new master) waits in {@link #waiting} until the in-flight ones are
 * answered, so the client's commands still run in the order it sent them. Requests sent again
 * after a failover go before everything held ({@link WaitingRequests}).
 *
 * <p>What a request does is decided in {@link RequestDispatch}; sending it to a shard's node in
 * {@link Forwarding}; this class keeps the state and the bookkeeping they share.
 */
final class ClientSession implements Flushable {

    final Channel channel;
    final PoolRuntime pool;
    final long id;
    final PoolLoop poolLoop;
    final PoolBackends backends;
    private final LoopFlusher flusher;
    private final RespRequestDecoder decoder;
    /** What the client may have on its way, and when reading from it stops. */
    private final ClientFlow flow;
    private final OutputGuard output;
    final ShardRouter router;
    final Passthrough passthrough;

    // state a client sets, kept here because backend connections are shared
    boolean authenticated;
    int db;
    int protocol = 2;
    String name;
    /** Where the client is in a transaction. */
    TxState tx = TxState.NONE;
    /** The effects on this client's state of the transaction it has open. */
    QueuedTransaction queued = new QueuedTransaction();
    /**
     * A request whose effect on this client's state is known only from its reply (a SELECT of an
     * unproven index, an EXEC that may change the db) is in flight: later requests wait for it,
     * so that each one carries the state as it is after every earlier request.
     */
    boolean settling;

    /** Slots of requests whose replies have not been written yet, in request order. */
    final ReplyOrder replies = new ReplyOrder();
    /** Requests waiting for a connection switch or a master, and requests to send again. */
    private final WaitingRequests waiting = new WaitingRequests();
    /** Per shard: the connection carrying this client's requests in flight, and how many. */
    final BackendConnection[] current;
    final int[] inflight;
    int totalInflight;
    /** Lent to this client alone while it is in a transaction, blocked, or subscribed. */
    BackendConnection dedicated;
    int dedicatedShard;
    /** Per shard, System.nanoTime() when the client's last write was answered (read-your-writes); 0: none. */
    final long[] lastWriteAt;
    /** Rotates among equally loaded nodes for reads. */
    int readTurn = (int) System.nanoTime();

    /** Set by {@link PoolLoop} while this session is on its waiting list. */
    boolean awaiting;
    private boolean flushQueued;
    private boolean draining;
    private boolean drainAgain;
    private boolean dispatching;
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
        this.flow = new ClientFlow(pool.config().limits());
        this.output = new OutputGuard(this, pool.config().limits());
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
        if (!waiting.isEmpty() || !mayDispatch() || !RequestDispatch.handle(this, req)) {
            waiting.hold(req);
        }
        updateReading();
    }

    /** Whether a request may go on now ({@link ClientFlow}). */
    boolean mayDispatch() {
        return flow.mayDispatch(channel, totalInflight, passthrough.active());
    }

    /** The socket drains again (or stopped draining): run what waited for it. */
    void onWritabilityChanged() {
        if (channel.isWritable()) {
            drain();
        } else {
            updateReading();
        }
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

    /** Counts a request in flight on {@code shard} and gives it its place in the reply order. */
    void addSlot(ReplySlot slot, int shard) {
        slot.shard = shard;
        inflight[shard]++;
        totalInflight++;
        replies.add(slot);
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
        waiting.retryLater(retry);
        poolLoop.await(this);
    }

    /** Counts a request sent again in flight on {@code shard}. */
    void countSent(int shard) {
        inflight[shard]++;
        totalInflight++;
    }

    /** A retry found no master yet: wait for the next tick or topology change. */
    void retryNotReady() {
        waiting.retryReady(false);
        poolLoop.await(this);
    }

    /** Called by the pool loop at its tick and after a topology change. */
    void wake() {
        if (closed) {
            return;
        }
        waiting.retryReady(true);
        passthrough.wake();
        drain();
    }

    /** The node {@code old} stopped being a master: let go of any connection lent to us there. */
    void onFenced(Endpoint old) {
        if (dedicated != null && old.equals(dedicated.node())) {
            dedicated.close(); // passthrough: subscribed again; transaction: told at its next command
        }
    }

    /** A new slot in the reply order, counting nothing in flight (to give one a place: {@code replies.add}). */
    ReplySlot newSlot() {
        ReplySlot slot = new ReplySlot(this);
        replies.add(slot);
        return slot;
    }

    boolean nothingOwed() {
        return replies.isEmpty() && totalInflight == 0;
    }

    /** Owes no reply, holds no request and is in no transaction: a reload may move it, a drain close it. */
    boolean quiet() {
        return !closing && !closed && !awaiting && nothingOwed() && waiting.isEmpty() && tx == TxState.NONE;
    }

    /** Answers a request locally, in its place in the reply order. */
    void local(RespRequest req, ByteBuf reply) {
        req.release();
        newSlot().fill(reply);
        drain();
    }

    /** A SELECT of {@code newDb} succeeded: the client is in it, and the pool knows the db exists. */
    void selected(int newDb) {
        db = newDb;
        poolLoop.learnDb(newDb);
    }

    /** The reply that settles this client's state arrived: held requests may go. */
    void settled() {
        settling = false;
    }

    void setAuthenticated(boolean yes) {
        authenticated = yes;
        decoder.setAuthenticated(yes);
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
            if (slot.reply != null) {
                flow.replied(slot.reply.readableBytes());
            }
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
            waiting.dispatch(this);
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
        replies.writeBatch(channel);
        channel.flush();
        output.check();
    }

    /** Stops reading while too much is owed to this client or its socket does not drain. */
    void updateReading() {
        if (!closed) {
            flow.updateReading(channel, replies.size() + waiting.heldCount(), closing);
        }
    }

    /** Closes the client after an error that ends its session (a lost subscription). */
    void closeWith(String error) {
        closing = true;
        replies.writeBatch(channel);
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
        waiting.releaseAll();
        queued.release();
        if (closed) {
            replies.clear();
        } else {
            replies.releaseFilled();
        }
    }
}
