package io.vigil.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.vigil.backend.BackendConnection;
import io.vigil.command.PlanKind;
import io.vigil.protocol.RespRequest;

/**
 * Answers a client whose transaction lost its connection (the master died or a failover fenced
 * it), in the terms Redis uses for the same outcome, so that nothing the client meant to run
 * atomically runs outside the transaction:
 * <ul>
 *   <li>a lost WATCH makes the next transaction fail as if a watched key had changed: MULTI and
 *       the queued commands are acknowledged, nothing runs, and EXEC answers nil;</li>
 *   <li>a lost MULTI makes every further command an error and EXEC answers EXECABORT, as after
 *       a command that failed to queue.</li>
 * </ul>
 */
final class BrokenTransaction {

    static final String LOST = "ERR Vigil: the connection to the master was lost during the transaction "
            + "(failover or backend failure); EXEC will discard it";
    static final String EXECABORT = "EXECABORT Transaction discarded because of previous errors.";

    private BrokenTransaction() {
    }

    /** The client's dedicated connection died: a transaction on it is broken, in Redis's terms. */
    static void connectionLost(ClientSession s) {
        BackendConnection c = s.dedicated;
        s.dedicated = null;
        s.queued.release();
        if (s.current[s.dedicatedShard] == c) {
            s.current[s.dedicatedShard] = null;
        }
        if (s.tx == TxState.WATCHING) {
            s.tx = TxState.WATCH_LOST;
        } else if (s.tx == TxState.MULTI) {
            s.tx = TxState.MULTI_ABORTED;
        }
    }

    /** A transaction must not go on (its keys span shards): drop its connection, abort it. */
    static void abort(ClientSession s) {
        if (s.dedicated != null) {
            s.dedicated.close();
            connectionLost(s);
        }
        s.tx = TxState.MULTI_ABORTED;
    }

    /** Answers {@code req} if the broken transaction decides it; false to run it normally. */
    static boolean handle(ClientSession s, RespRequest req, PlanKind kind) {
        if (kind == PlanKind.QUIT || kind == PlanKind.RESET) {
            return false;
        }
        ByteBufAllocator alloc = s.channel.alloc();
        switch (s.tx) {
            case WATCH_LOST:
                switch (kind) {
                    case MULTI -> {
                        s.tx = TxState.MULTI_AFTER_WATCH_LOST;
                        s.local(req, Replies.simple(alloc, "OK"));
                    }
                    case WATCH -> s.local(req, Replies.simple(alloc, "OK"));
                    case UNWATCH -> {
                        s.tx = TxState.NONE;
                        s.local(req, Replies.simple(alloc, "OK"));
                    }
                    case EXEC -> s.local(req, s.errorBuf("ERR EXEC without MULTI"));
                    case DISCARD -> s.local(req, s.errorBuf("ERR DISCARD without MULTI"));
                    default -> {
                        return false;
                    }
                }
                return true;
            case MULTI_AFTER_WATCH_LOST:
                switch (kind) {
                    case EXEC -> {
                        s.tx = TxState.NONE;
                        s.local(req, nullArray(alloc, s.protocol));
                    }
                    case DISCARD -> {
                        s.tx = TxState.NONE;
                        s.local(req, Replies.simple(alloc, "OK"));
                    }
                    case MULTI -> s.local(req, s.errorBuf("ERR MULTI calls can not be nested"));
                    case WATCH -> s.local(req, s.errorBuf("ERR WATCH inside MULTI is not allowed"));
                    default -> s.local(req, Replies.simple(alloc, "QUEUED"));
                }
                return true;
            case MULTI_ABORTED:
                switch (kind) {
                    case EXEC -> {
                        s.tx = TxState.NONE;
                        s.local(req, s.errorBuf(EXECABORT));
                    }
                    case DISCARD -> {
                        s.tx = TxState.NONE;
                        s.local(req, Replies.simple(alloc, "OK"));
                    }
                    case MULTI -> s.local(req, s.errorBuf("ERR MULTI calls can not be nested"));
                    default -> s.local(req, s.errorBuf(LOST));
                }
                return true;
            default:
                return false;
        }
    }

    private static ByteBuf nullArray(ByteBufAllocator alloc, int protocol) {
        ByteBuf out = alloc.buffer(5);
        if (protocol == 3) {
            return out.writeByte('_').writeByte('\r').writeByte('\n');
        }
        return out.writeByte('*').writeByte('-').writeByte('1').writeByte('\r').writeByte('\n');
    }
}
