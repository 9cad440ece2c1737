package io.vigil.backend;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.vigil.config.Endpoint;
import io.vigil.protocol.RespWriter;

import java.util.ArrayDeque;

/**
 * One TCP connection to one Redis node, owned by one event loop and multiplexed: many clients'
 * requests are written back to back, and since Redis answers in order, a FIFO of {@link Pending}
 * matches each reply to its sink.
 *
 * <p>The connection tracks the db it is in so a request from a client in another db is preceded by
 * a SELECT, and it speaks one protocol version for its whole life (RESP3 connections send HELLO 3
 * at connect). A dedicated connection serves one client alone (transactions, blocking commands,
 * pub/sub); in passthrough mode every frame that is not the reply to a pending request goes to
 * the passthrough sink (subscribed clients receive messages that no request asked for).
 *
 * <p>Ownership: a frame handed to {@link #send} belongs to this connection, which writes it (the
 * channel releases it) or releases it on failure. Reply frames are passed to their sink.
 */
public final class BackendConnection implements Flushable {

    enum State { CONNECTING, READY, CLOSED }

    /** Marks the db as unknown: the next request selects its db explicitly. */
    private static final int UNKNOWN_DB = -1;

    private final NodePool pool;
    /** RESP version the node speaks on this connection; a dedicated connection follows its client's HELLO. */
    private int protocol;
    private final boolean dedicated;
    /** Requests written, in order; the head is the next reply's owner. */
    private final ArrayDeque<Pending> inflight = new ArrayDeque<>();
    /** Frames (and their pendings) sent before the connect finished, in order. Owned here. */
    private final ArrayDeque<Object> queued = new ArrayDeque<>();
    private Channel channel;
    private State state = State.CONNECTING;
    private int db;
    private ReplySink passthrough;
    private boolean flushQueued;

    BackendConnection(NodePool pool, int protocol, boolean dedicated) {
        this.pool = pool;
        this.protocol = protocol;
        this.dedicated = dedicated;
    }

    public Endpoint node() {
        return pool.node();
    }

    public int protocol() {
        return protocol;
    }

    public boolean isDedicated() {
        return dedicated;
    }

    public boolean isClosed() {
        return state == State.CLOSED;
    }

    /** Requests written and not yet answered, plus those waiting for the connect. */
    public int outstanding() {
        return inflight.size() + queued.size() / 2;
    }

    void attach(ChannelFuture connect) {
        this.channel = connect.channel();
        sendHandshake();
    }

    /**
     * Forwards one request frame for a client in {@code clientDb}. The frame is owned by this
     * connection from here on. A null {@code sink} sends a frame that expects no reply of its own
     * (a subscribe command in passthrough mode: its confirmations come as passthrough frames).
     */
    public void send(ByteBuf frame, int clientDb, ReplySink sink, boolean timed) {
        if (state == State.CLOSED) {
            frame.release();
            if (sink != null) {
                sink.onFailure(BackendErrors.connectionLost(node(), false), false);
            }
            return;
        }
        if (sink != null && outstanding() >= pool.settings().maxQueue()) {
            frame.release();
            sink.onFailure(BackendErrors.queueFull(node(), pool.settings().maxQueue()), false);
            return;
        }
        if (clientDb != db) {
            write(RespWriter.command(pool.alloc(), "SELECT", Integer.toString(clientDb)),
                    new Pending(new InternalReply(this, "SELECT " + clientDb), true, pool.trust()));
            db = clientDb;
        }
        write(frame, sink == null ? null : new Pending(sink, timed, pool.trust()));
    }

    /**
     * A dedicated connection's client switched protocol (HELLO) while holding it: the node is
     * switched too, ahead of the client's next request, so that its replies come in the client's
     * protocol. Shared connections never switch: clients of each protocol have their own.
     */
    public void useProtocol(int newProtocol) {
        if (newProtocol == protocol || !dedicated) {
            return;
        }
        protocol = newProtocol;
        write(RespWriter.command(pool.alloc(), "HELLO", Integer.toString(newProtocol)),
                new Pending(new InternalReply(this, "HELLO " + newProtocol), true, pool.trust()));
    }

    /** The client sent SELECT itself: once it is written the connection is in {@code newDb}. */
    public void assumeDb(int newDb) {
        db = newDb;
    }

    /** A SELECT failed or ran inside a transaction: select explicitly before the next request. */
    public void forgetDb() {
        db = UNKNOWN_DB;
    }

    /** From now on, frames that answer no pending request go to {@code sink}. */
    public void passthrough(ReplySink sink) {
        this.passthrough = sink;
    }

    private void write(ByteBuf frame, Pending pending) {
        if (state == State.CONNECTING) {
            queued.add(frame);
            queued.add(pending == null ? NO_REPLY : pending);
            return;
        }
        channel.write(frame, channel.voidPromise());
        if (pending != null) {
            pending.writtenAt = System.nanoTime();
            inflight.add(pending);
        }
        if (!flushQueued) {
            flushQueued = true;
            pool.flusher().add(this);
        }
    }

    private static final Object NO_REPLY = new Object();

    private void sendHandshake() {
        BackendSettings s = pool.settings();
        if (protocol == 3) {
            String[] hello = s.password() == null
                    ? new String[] {"HELLO", "3"}
                    : new String[] {"HELLO", "3", "AUTH", s.username() == null ? "default" : s.username(), s.password()};
            writeHandshake(RespWriter.command(pool.alloc(), hello), "HELLO 3");
        } else if (s.password() != null) {
            String[] auth = s.username() == null
                    ? new String[] {"AUTH", s.password()}
                    : new String[] {"AUTH", s.username(), s.password()};
            writeHandshake(RespWriter.command(pool.alloc(), auth), "AUTH");
        }
    }

    private void writeHandshake(ByteBuf frame, String what) {
        // ahead of anything queued: the handshake must run first
        queued.addFirst(new Pending(new InternalReply(this, what), true, pool.trust()));
        queued.addFirst(frame);
    }

    /** The TCP connect finished: write what waited for it. */
    void onConnected() {
        if (state != State.CONNECTING) {
            return;
        }
        state = State.READY;
        while (!queued.isEmpty()) {
            ByteBuf frame = (ByteBuf) queued.poll();
            Object p = queued.poll();
            write(frame, p == NO_REPLY ? null : (Pending) p);
        }
        pool.onConnected(this);
    }

    /** One complete reply frame arrived; this connection owns it until it hands it on. */
    void onFrame(ByteBuf frame) {
        boolean push = frame.getByte(frame.readerIndex()) == '>';
        if (!push && !inflight.isEmpty()) {
            Pending p = inflight.poll();
            if (p.trust == pool.trust()) {
                p.sink.onReply(frame);
            } else {
                // written while the node was trusted as master, answered after it was not (invariant 8)
                frame.release();
                p.sink.onFailure(BackendErrors.demoted(node()), true);
            }
            if (inflight.isEmpty()) {
                pool.onDrained(this);
            }
        } else if (passthrough != null) {
            passthrough.onReply(frame);
        } else if (push) {
            frame.release(); // an out-of-band push nobody asked for: not a reply
        } else {
            frame.release();
            fail(BackendErrors.protocolDesync(node()), BackendErrors.connectionLost(node(), false));
        }
    }

    /** Called by the loop's sweeper: fails the connection if its oldest request waited too long. */
    void checkTimeout(long now, long timeoutNanos) {
        Pending head = inflight.peek();
        if (head != null && head.timed && now - head.writtenAt > timeoutNanos) {
            io.vigil.metrics.NodeTraffic.timedOut(channel);
            fail(BackendErrors.timedOut(node(), pool.settings().requestTimeout()),
                    BackendErrors.connectionLost(node(), false));
        }
    }

    /** Closes the connection, telling every waiting sink why. Idempotent. */
    public void fail(String writtenError, String unwrittenError) {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        if (channel != null) {
            channel.close();
        }
        Pending p;
        while ((p = inflight.poll()) != null) {
            p.sink.onFailure(writtenError, true);
        }
        while (!queued.isEmpty()) {
            ((ByteBuf) queued.poll()).release();
            Object q = queued.poll();
            if (q != NO_REPLY) {
                ((Pending) q).sink.onFailure(unwrittenError, false);
            }
        }
        if (passthrough != null) {
            passthrough.onFailure(writtenError, true);
        }
        pool.onClosed(this);
    }

    void fail(String error) {
        fail(error, error);
    }

    /** Closes a connection no one needs any more. */
    public void close() {
        fail(BackendErrors.connectionLost(node(), true), BackendErrors.connectionLost(node(), false));
    }

    @Override
    public void flushNow() {
        flushQueued = false;
        if (state == State.READY) {
            channel.flush();
        }
    }
}
