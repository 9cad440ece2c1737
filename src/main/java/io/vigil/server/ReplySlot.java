package io.vigil.server;

import io.netty.buffer.ByteBuf;
import io.vigil.backend.BackendErrors;
import io.vigil.backend.ReplySink;
import io.vigil.command.CommandSpec;
import io.vigil.metrics.MeterNames.ErrorKind;
import io.vigil.metrics.PoolMeters;

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

    /** System.nanoTime() when the request was forwarded, 0 when not timed; and its command. */
    private long startedAt;
    private CommandSpec spec;

    ReplySlot(ClientSession session) {
        this.session = session;
    }

    /** Times this request from now to its reply, when the pool measures. */
    final void timing(CommandSpec command) {
        if (session.pool.meters.on) {
            startedAt = System.nanoTime();
            spec = command;
        }
    }

    /** Records latency, the first write a new master acknowledged, and errors by kind. */
    private void observe(String error, boolean written) {
        PoolMeters meters = session.pool.meters;
        if (startedAt != 0) {
            meters.latency(spec, System.nanoTime() - startedAt);
            startedAt = 0;
        }
        if (error == null) {
            if (write && !replicaRead) {
                meters.writeAcknowledged(shard, null);
            }
        } else if (error.startsWith(BackendErrors.TIMED_OUT_PREFIX)) {
            meters.error(ErrorKind.TIMEOUT);
        } else if (written && write) {
            meters.error(ErrorKind.OUTCOME_UNKNOWN);
        } else {
            meters.error(ErrorKind.BACKEND_ERROR);
            if (!written) {
                meters.forwardError();
            }
        }
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
        observe(null, false);
        session.onSlotDone(this, true);
    }

    @Override
    public void onFailure(String error, boolean written) {
        this.failed = true;
        observe(error, written);
        this.reply = session.errorBuf(error);
        this.done = true;
        session.onSlotDone(this, true);
    }
}
