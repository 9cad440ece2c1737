package io.vigil.server;

import io.vigil.command.CommandSpec;
import io.vigil.command.PlanKind;
import io.vigil.protocol.RespRequest;

/**
 * What each request of a client does, by the kind the planner gives its command: forwarded,
 * pinned to a dedicated connection (transactions, blocking commands), turned into a passthrough
 * (pub/sub, MONITOR), split over shards, or answered by Vigil itself. Keeps the client's
 * transaction state as Redis would: inside MULTI everything is queued.
 */
final class RequestDispatch {

    private RequestDispatch() {
    }

    /** Runs one request, or returns false (keeping it) when it must wait. */
    static boolean handle(ClientSession s, RespRequest req) {
        if (s.settling) {
            return false; // its state depends on a reply still to come
        }
        if (s.dedicated != null && !s.passthrough.active() && s.dedicated.isClosed()) {
            BrokenTransaction.connectionLost(s);
        }
        CommandSpec spec = s.pool.table().lookup(req);
        PlanKind kind = s.pool.planner().plan(spec, req);
        if (s.passthrough.active()) {
            return s.passthrough.request(req, kind);
        }
        if (!s.authenticated && !SessionCommands.allowedBeforeAuth(kind)) {
            s.local(req, s.errorBuf(ProxyReplies.NOAUTH));
            return true;
        }
        if (s.tx.compareTo(TxState.WATCH_LOST) >= 0 && BrokenTransaction.handle(s, req, kind)) {
            return true;
        }
        if (s.tx == TxState.MULTI_LAZY && kind != PlanKind.QUIT && kind != PlanKind.RESET) {
            return Sharding.firstInLazyMulti(s, req, spec, kind);
        }
        if (s.tx == TxState.MULTI && kind != PlanKind.QUIT && kind != PlanKind.RESET && kind != PlanKind.EXEC
                && kind != PlanKind.DISCARD) {
            // inside a transaction Redis queues everything, local commands included
            return Sharding.inMulti(s, req, spec, kind);
        }
        switch (kind) {
            case FORWARD:
                return Sharding.forward(s, req, spec, false, true);
            case FORWARD_DEDICATED:
                return Sharding.forward(s, req, spec, true, false);
            case MULTI:
                if (s.router.shardCount() > 1 && s.dedicated == null) {
                    s.tx = TxState.MULTI_LAZY; // the first queued command's keys decide the shard
                    s.local(req, Replies.simple(s.channel.alloc(), "OK"));
                    return true;
                }
                if (Forwarding.forward(s, req, spec, s.dedicatedShard, true, true, null)) {
                    s.tx = TxState.MULTI;
                    InTransaction.begin(s);
                    return true;
                }
                return false;
            case WATCH:
                if (Sharding.forward(s, req, spec, true, true)) {
                    s.tx = s.tx == TxState.NONE && s.dedicated != null ? TxState.WATCHING : s.tx;
                    return true;
                }
                return false;
            case EXEC:
            case DISCARD:
                ReplySlot end = kind == PlanKind.EXEC ? InTransaction.execSlot(s) : null;
                if (Forwarding.forward(s, req, spec, s.dedicated != null ? s.dedicatedShard : 0, false, true, end)) {
                    InTransaction.ended(s, end);
                    s.tx = TxState.NONE;
                    if (s.dedicated != null) {
                        s.dedicated.forgetDb(); // a SELECT may have run inside the transaction
                    }
                    return true;
                }
                return false;
            case UNWATCH:
                if (Forwarding.forward(s, req, spec, s.dedicated != null ? s.dedicatedShard : 0, false, true, null)) {
                    s.tx = s.tx == TxState.WATCHING ? TxState.NONE : s.tx;
                    return true;
                }
                return false;
            case SELECT:
                return SessionCommands.select(s, req);
            case SUBSCRIBE:
            case MONITOR:
                return s.passthrough.enter(req, kind == PlanKind.MONITOR);
            case RESET:
                if (!s.replies.isEmpty()) {
                    return false;
                }
                // a pending CLIENT REPLY SKIP silences RESET's own reply; OFF does not (RESET clears it first)
                boolean skipped = s.replies.skipNext && !s.replies.off;
                SessionCommands.reset(s);
                ReplySlot done = s.newSlot();
                done.fill(Replies.simple(s.channel.alloc(), "RESET"));
                done.discard = skipped;
                req.release();
                s.drain();
                return true;
            case QUIT:
                ReplySlot slot = s.newSlot(); // CLIENT REPLY OFF silences QUIT's OK too, as in Redis
                slot.fill(Replies.simple(s.channel.alloc(), "OK"));
                slot.closeAfter = true;
                s.closing = true;
                req.release();
                s.drain();
                return true;
            default:
                SessionCommands.local(s, kind, req);
                return true;
        }
    }
}
