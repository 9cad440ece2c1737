package io.vigil.server;

import io.netty.buffer.ByteBuf;
import io.vigil.config.Endpoint;
import io.vigil.protocol.RespReplies;
import io.vigil.protocol.RespRequest;

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
                session.suspect(shard, node, RespReplies.errorMessage(reply)); // a replica loading is no news
            }
            if (session.mayRetry(this)) {
                reply.release();
                session.retry(this);
                return;
            }
        }
        releaseRequest();
        super.onReply(reply);
    }

    @Override
    public void onFailure(String error, boolean written) {
        if ((!written || readOnly) && session.mayRetry(this)) {
            session.retry(this);
            return;
        }
        releaseRequest();
        super.onFailure(error, written);
    }

    @Override
    public boolean resend() {
        return session.resend(this);
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
