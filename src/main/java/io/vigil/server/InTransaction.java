package io.vigil.server;

import io.vigil.command.CommandSpec;
import io.vigil.command.PlanKind;
import io.vigil.protocol.RespRequest;
import io.vigil.protocol.RespWriter;

/**
 * Sends a command of an open transaction to the transaction's connection, where Redis queues it.
 * Inside MULTI, Redis queues everything, the commands Vigil answers itself included, and runs
 * them at EXEC: a SELECT goes to Redis as it is (the commands queued after it run in the new
 * db); a command Vigil answers itself is queued as a PING in its place and run by Vigil when
 * EXEC's reply comes ({@link QueuedTransaction}). One with the wrong number of arguments goes
 * to Redis as it is, which refuses it and discards the transaction at EXEC, as it would have.
 */
final class InTransaction {

    private InTransaction() {
    }

    static boolean queue(ClientSession s, RespRequest req, CommandSpec spec, PlanKind kind, int shard) {
        QueuedSlot slot = new QueuedSlot(s, s.queued);
        if (SessionCommands.isLocal(kind) && spec != null && spec.arityOk(req.argCount())) {
            s.addSlot(slot, shard);
            s.dedicated.send(RespWriter.command(s.channel.alloc(), "PING"), s.db, slot, true);
            slot.effect = s.queued.addLocal(kind, req);
            return true;
        }
        if (!Forwarding.forward(s, req, spec, shard, false, true, slot)) {
            return false;
        }
        if (kind == PlanKind.SELECT && req.argCount() == 2) {
            long index = req.argLong(1);
            if (index >= 0 && index <= Integer.MAX_VALUE) {
                slot.effect = s.queued.addSelect((int) index);
            }
        }
        return true;
    }

    /** MULTI reached Redis: a new transaction starts. */
    static void begin(ClientSession s) {
        s.queued.release();
        s.queued = new QueuedTransaction();
    }

    /** EXEC or DISCARD was sent: the transaction is over. Returns EXEC's slot, or null for a plain one. */
    static ReplySlot execSlot(ClientSession s) {
        return s.queued.changesState() ? new ExecSlot(s, s.queued) : null;
    }

    /** EXEC or DISCARD went out with {@code slot}: later requests wait for it when it changes state. */
    static void ended(ClientSession s, ReplySlot slot) {
        if (slot instanceof ExecSlot) {
            s.settling = true; // the ExecSlot owns the effects now
        } else {
            s.queued.release();
        }
        s.queued = new QueuedTransaction();
    }
}
