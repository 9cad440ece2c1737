package io.vigil.server;

import io.netty.buffer.ByteBuf;
import io.vigil.backend.BackendConnection;
import io.vigil.command.PlanKind;
import io.vigil.protocol.RespRequest;
import io.vigil.topology.ShardTopology;

/**
 * A subscribed (or monitoring) client: its dedicated connection to shard 0's master passes every
 * frame straight through, since messages answer no request. Subscriptions are learned from
 * Redis's confirmations, so that in a Sentinel pool a lost connection is replaced by one to the
 * new master, subscribed to the same channels and patterns, without the client noticing.
 */
final class Passthrough {

    private static final int SHARD = 0;

    private final ClientSession s;
    private boolean active;
    private boolean monitor;
    private boolean resubscribing;
    private int suppressConfirmations;
    private Subscriptions subscriptions;

    Passthrough(ClientSession session) {
        this.s = session;
    }

    boolean active() {
        return active;
    }

    /** SUBSCRIBE, PSUBSCRIBE, SSUBSCRIBE or MONITOR: the client becomes a passthrough. */
    boolean enter(RespRequest req, boolean monitoring) {
        if (!s.nothingOwed()) {
            return false; // everything owed to the client goes out before the first message
        }
        BackendConnection c = s.dedicated;
        if (c == null) {
            ShardTopology shard = s.pool.shard(SHARD);
            if (!shard.verified()) {
                return Forwarding.awaitMaster(s, req, shard);
            }
            c = s.backends.node(shard.master()).dedicated(s.protocol);
            if (c == null) {
                if (s.pool.holdsRequests()) {
                    return Forwarding.awaitMaster(s, req, shard);
                }
                s.local(req, s.errorBuf(s.backends.node(shard.master()).unavailableError()));
                return true;
            }
        }
        s.dedicated = c;
        s.dedicatedShard = SHARD;
        s.current[SHARD] = c;
        active = true;
        monitor = monitoring;
        subscriptions = new Subscriptions();
        c.passthrough(new PassthroughSink(this));
        c.send(req.frame(), s.db, null, false);
        return true;
    }

    /** Any request of a passthrough client goes down its connection, except RESET. */
    boolean request(RespRequest req, PlanKind kind) {
        if (kind == PlanKind.RESET) {
            BackendConnection c = s.dedicated;
            active = false;
            resubscribing = false;
            if (c != null) {
                c.close(); // unsubscribes from everything at once
            }
            SessionCommands.resetAfterPassthrough(s, req);
            return true;
        }
        if (s.dedicated == null) {
            return false; // subscribing again on a new master: wait for it
        }
        s.dedicated.send(req.frame(), s.db, null, false);
        return true;
    }

    /** A frame from the passthrough connection: straight to the client. */
    void onFrame(ByteBuf frame) {
        if (s.isClosed()) {
            frame.release();
            return;
        }
        if (subscriptions.track(frame) && suppressConfirmations > 0) {
            suppressConfirmations--; // the confirmation of a subscription made again after a failover
            frame.release();
            return;
        }
        s.replies.writeBatch(s.channel);
        s.channel.write(frame, s.channel.voidPromise());
        s.queueFlush();
    }

    /** The passthrough connection died or was fenced. */
    void onLost(String error) {
        if (s.isClosed() || !active || resubscribing) {
            return;
        }
        s.dedicated = null;
        s.current[SHARD] = null;
        if (monitor || !s.pool.holdsRequests() || subscriptions.total() == 0) {
            active = false;
            s.closeWith(error);
            return;
        }
        resubscribing = true;
        resubscribe();
    }

    void wake() {
        if (resubscribing) {
            resubscribe();
        }
    }

    /** Subscribes the client again, on shard 0's current master, to everything it had. */
    private void resubscribe() {
        ShardTopology shard = s.pool.shard(SHARD);
        BackendConnection c = shard.verified() ? s.backends.node(shard.master()).dedicated(s.protocol) : null;
        if (c == null) {
            if (s.poolLoop.holdExpired()) {
                resubscribing = false;
                active = false;
                s.closeWith(ProxyReplies.masterDown(shard.name(), s.pool.holdNanos()));
            } else {
                s.poolLoop.await(s);
            }
            return;
        }
        s.poolLoop.routable();
        s.dedicated = c;
        s.dedicatedShard = SHARD;
        s.current[SHARD] = c;
        resubscribing = false;
        suppressConfirmations = subscriptions.total();
        c.passthrough(new PassthroughSink(this));
        for (Subscriptions.Resubscribe r : subscriptions.resubscribeCommands()) {
            c.send(Frames.command(s.channel.alloc(), r.name(), r.args()), s.db, null, false);
        }
    }
}
