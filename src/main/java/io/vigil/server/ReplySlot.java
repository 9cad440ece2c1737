package io.vigil.server;

import io.netty.buffer.ByteBuf;
import io.vigil.backend.ReplySink;

/**
 * The place of one request's reply in its client's reply order. Replies may arrive out of order
 * (from different nodes, or made by Vigil while others wait on a backend); the session writes a
 * slot only when every slot before it has been written.
 *
 * <p>Ownership: once filled, the slot owns {@link #reply} until the session writes it to the client
 * (the channel then releases it) or releases it when the client is gone.
 */
class ReplySlot implements ReplySink {

    final ClientSession session;
    /** The shard the request went to; its in-flight count drops when the reply comes. */
    int shard;
    /** Sent to a replica: not counted against the shard's master connection. */
    boolean replicaRead;
    /** May have written (for read-your-writes): not a command the table flags read-only. */
    boolean write;
    /** The backend could not answer (connection lost, timeout): counts toward ejection. */
    boolean failed;
    ByteBuf reply;
    boolean done;
    /** The client asked for no reply (CLIENT REPLY OFF/SKIP): release instead of writing. */
    boolean discard;
    /** Close the client connection once this reply is written (QUIT, protocol errors). */
    boolean closeAfter;

    ReplySlot(ClientSession session) {
        this.session = session;
    }

    /** Fills the slot with a reply Vigil made itself. */
    final void fill(ByteBuf local) {
        reply = local;
        done = true;
    }

    @Override
    public void onReply(ByteBuf reply) {
        this.reply = reply;
        this.done = true;
        session.onSlotDone(this, true);
    }

    @Override
    public void onFailure(String error, boolean written) {
        this.failed = true;
        this.reply = session.errorBuf(error);
        this.done = true;
        session.onSlotDone(this, true);
    }
}
