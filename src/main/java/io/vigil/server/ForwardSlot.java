package io.vigil.server;

import io.netty.buffer.ByteBuf;
import io.vigil.backend.BackendConnection;
import io.vigil.config.Endpoint;
import io.vigil.protocol.RespReplies;
import io.vigil.protocol.RespRequest;
import io.vigil.topology.ShardTopology;

/**
 * The slot of a request forwarded on a shared connection of a Sentinel pool. It keeps the request
 * (one reference to its frame) until the reply, so that a request the master never executed can
 * be sent again once the shard has a master: one never written, one refused with READONLY,
 * LOADING or MASTERDOWN by a node that stopped being master, or a read-only one whose connection
 * died. A write that may have run is never sent again.
 */
final class ForwardSlot extends ReplySlot implements Retry {

    /** Held for a retry; released on completion. */
    RespRequest request;
    final boolean readOnly;
    final long firstSentAt;
    Endpoint node;

    ForwardSlot(ClientSession session, RespRequest request, boolean readOnly) {
        super(session);
        this.request = request;
        this.readOnly = readOnly;
        this.firstSentAt = System.nanoTime();
    }

    @Override
    public void onReply(ByteBuf reply) {
        if (RespReplies.isError(reply) && notMasterAnymore(reply)) {
            if (!replicaRead) {
                session.pool.suspect(shard, node, RespReplies.errorMessage(reply)); // a replica loading is no news
            }
            if (mayRetry()) {
                reply.release();
                retry();
                return;
            }
        }
        releaseRequest();
        super.onReply(reply);
    }

    @Override
    public void onFailure(String error, boolean written) {
        if ((!written || readOnly) && mayRetry()) {
            retry();
            return;
        }
        releaseRequest();
        super.onFailure(error, written);
    }

    private boolean mayRetry() {
        return !session.isClosed() && (replicaRead || session.pool.holdsRequests())
                && System.nanoTime() - firstSentAt < session.pool.holdNanos();
    }

    private void retry() {
        int from = replicaRead ? -1 : shard;
        replicaRead = false; // the next attempt goes to the master
        session.retryLater(this, from);
    }

    /** Sends the request again to its shard's master, on the connection the client uses there. */
    @Override
    public boolean resend() {
        ClientSession s = session;
        ShardTopology topology = s.pool.shard(shard);
        BackendConnection target = Forwarding.masterConnection(s, shard);
        if (target == null) {
            if (s.poolLoop.holdExpired() || !mayRetry()) {
                releaseRequest();
                fill(s.errorBuf(ProxyReplies.masterDown(topology.name(), s.pool.holdNanos())));
                s.drain();
                return true;
            }
            s.retryNotReady();
            return false;
        }
        if (target != s.current[shard] && s.inflight[shard] > 0) {
            return false;
        }
        s.poolLoop.routable();
        s.current[shard] = target;
        s.countSent(shard);
        node = target.node();
        target.send(request.frame().retainedDuplicate(), s.db, this, true);
        return true;
    }

    @Override
    public void release() {
        releaseRequest();
    }

    void releaseRequest() {
        if (request != null) {
            request.release();
            request = null;
        }
    }

    private static boolean notMasterAnymore(ByteBuf reply) {
        return RespReplies.isErrorWithCode(reply, "READONLY") || RespReplies.isErrorWithCode(reply, "LOADING")
                || RespReplies.isErrorWithCode(reply, "MASTERDOWN");
    }
}
