package io.vigil.server;

import io.netty.buffer.ByteBuf;
import io.vigil.backend.BackendConnection;
import io.vigil.backend.ReplySink;
import io.vigil.config.Endpoint;
import io.vigil.protocol.RespReplies;
import io.vigil.topology.ShardTopology;

/**
 * One shard's part of a split request. In a Sentinel pool it keeps its frame (one reference) so
 * that a part the master never ran, or a read part whose connection died, is sent again once the
 * shard has a master, as a whole request would be; the other parts are not held up by it.
 */
final class SplitPart implements ReplySink, Retry {

    private final SplitSlot slot;
    private final int part;
    final int shard;
    private final boolean readOnly;
    private final long firstSentAt = System.nanoTime();
    /** Held for a retry; released when the part completes. */
    private ByteBuf frame;
    private Endpoint node;

    SplitPart(SplitSlot slot, int part, int shard) {
        this.slot = slot;
        this.part = part;
        this.shard = shard;
        this.readOnly = slot.kind.readOnly;
    }

    /** Sends the part on {@code c}, keeping a reference to {@code frame} when it may be retried. */
    void send(ClientSession s, BackendConnection c, ByteBuf frame) {
        node = c.node();
        if (s.pool.holdsRequests()) {
            this.frame = frame;
            c.send(frame.retainedDuplicate(), s.db, this, true);
        } else {
            c.send(frame, s.db, this, true);
        }
    }

    @Override
    public void onReply(ByteBuf reply) {
        ClientSession s = slot.session;
        if (frame != null && RespReplies.isError(reply) && (RespReplies.isErrorWithCode(reply, "READONLY")
                || RespReplies.isErrorWithCode(reply, "LOADING") || RespReplies.isErrorWithCode(reply, "MASTERDOWN"))) {
            s.pool.suspect(shard, node, RespReplies.errorMessage(reply));
            if (mayRetry(s)) {
                reply.release();
                s.retryLater(this, shard);
                return;
            }
        }
        done(reply);
    }

    @Override
    public void onFailure(String error, boolean written) {
        ClientSession s = slot.session;
        if (frame != null && (!written || readOnly) && mayRetry(s)) {
            s.retryLater(this, shard);
            return;
        }
        done(s.errorBuf(error));
    }

    @Override
    public boolean resend() {
        ClientSession s = slot.session;
        ShardTopology topology = s.pool.shard(shard);
        BackendConnection c = topology.verified() ? s.backends.node(topology.master()).shared((int) s.id, s.protocol) : null;
        if (c == null) {
            if (s.poolLoop.holdExpired() || !mayRetry(s)) {
                s.countSent(shard);
                done(s.errorBuf(ProxyReplies.masterDown(topology.name(), s.pool.holdNanos())));
                return true;
            }
            s.poolLoop.await(s);
            return false;
        }
        if (c != s.current[shard] && s.inflight[shard] > 0) {
            return false;
        }
        s.poolLoop.routable();
        s.current[shard] = c;
        s.countSent(shard);
        node = c.node();
        c.send(frame.retainedDuplicate(), s.db, this, true);
        return true;
    }

    @Override
    public void release() {
        if (frame != null) {
            frame.release();
            frame = null;
        }
    }

    private boolean mayRetry(ClientSession s) {
        return !s.isClosed() && System.nanoTime() - firstSentAt < s.pool.holdNanos();
    }

    private void done(ByteBuf reply) {
        release();
        if (!readOnly) {
            slot.session.wrote(shard);
        }
        slot.partDone(part, shard, reply);
    }
}
