package io.vigil.server;

import io.netty.buffer.ByteBuf;
import io.vigil.command.PlanKind;
import io.vigil.protocol.RespRequest;

import java.util.ArrayList;

/**
 * The commands of a client's open transaction whose effect on the client's own state happens at
 * EXEC: a SELECT, which Redis runs on the transaction's connection, and the commands Vigil
 * answers itself (CLIENT SETNAME, AUTH, HELLO…), for which Redis queues a PING in their place.
 * When EXEC's array comes back, {@link #apply} applies them in order and puts Vigil's answers in
 * their places; a transaction that did not run (EXECABORT, nil after a WATCH) changes nothing.
 *
 * <p>An effect learns its place in EXEC's array from the {@code +QUEUED} replies before its own:
 * a command refused at queue time takes no place. Ownership: the requests of local commands are
 * held here until applied or {@link #release released}.
 */
final class QueuedTransaction {

    /** One command whose effect is applied at EXEC. */
    static final class Effect {
        /** The command's index in EXEC's array; -1 until its +QUEUED arrives, and for good if refused. */
        int position = -1;
        /** SELECT's index, or -1 for a local command. */
        final int db;
        final PlanKind kind;
        RespRequest request;

        Effect(int db, PlanKind kind, RespRequest request) {
            this.db = db;
            this.kind = kind;
            this.request = request;
        }
    }

    private final ArrayList<Effect> effects = new ArrayList<>(2);
    /** {@code +QUEUED} replies so far: the next queued command's index in EXEC's array. */
    private int queued;

    boolean changesState() {
        return !effects.isEmpty();
    }

    Effect addSelect(int db) {
        Effect e = new Effect(db, PlanKind.SELECT, null);
        effects.add(e);
        return e;
    }

    /** Keeps {@code req} (now owned here) to run at EXEC. */
    Effect addLocal(PlanKind kind, RespRequest req) {
        Effect e = new Effect(-1, kind, req);
        effects.add(e);
        return e;
    }

    /** A command of this transaction was answered {@code +QUEUED}. */
    void onQueued(Effect effect) {
        if (effect != null) {
            effect.position = queued;
        }
        queued++;
    }

    // EXEC's reply: *<n>\r\n then one element per queued command, in queue order
    /** Applies the effects to {@code s} when EXEC ran; returns the reply the client gets. */
    ByteBuf apply(ClientSession s, ByteBuf reply) {
        int start = reply.readerIndex();
        if (reply.getByte(start) != '*' || RespElements.count(reply, start) < 0) {
            return reply; // nothing ran
        }
        long n = RespElements.count(reply, start);
        int at = RespElements.firstElement(reply, start);
        ByteBuf out = s.channel.alloc().buffer(reply.readableBytes() + 64);
        out.writeBytes(reply, start, at - start);
        int next = 0;
        for (int p = 0; p < n; p++) {
            int end = RespElements.skip(reply, at);
            while (next < effects.size() && effects.get(next).position < p) {
                next++;
            }
            Effect e = next < effects.size() && effects.get(next).position == p ? effects.get(next) : null;
            if (e != null && e.kind != PlanKind.SELECT) {
                ByteBuf local = SessionCommands.answer(s, e.kind, e.request);
                if (local == null) {
                    local = Replies.simple(s.channel.alloc(), "OK"); // CLIENT REPLY OFF|SKIP inside EXEC
                }
                out.writeBytes(local);
                local.release();
            } else {
                if (e != null && reply.getByte(at) == '+') {
                    s.selected(e.db);
                }
                out.writeBytes(reply, at, end - at);
            }
            at = end;
        }
        reply.release();
        return out;
    }

    /** Releases the requests still held. */
    void release() {
        for (Effect e : effects) {
            if (e.request != null) {
                e.request.release();
                e.request = null;
            }
        }
        effects.clear();
    }
}
