package io.vigil.server;

import io.netty.buffer.ByteBuf;
import io.vigil.backend.BackendConnection;
import io.vigil.backend.NodePool;
import io.vigil.command.CommandSpec;
import io.vigil.command.PlanKind;
import io.vigil.protocol.RespRequest;
import io.vigil.protocol.RespWriter;
import io.vigil.topology.ShardTopology;

import java.util.Arrays;

/**
 * Requests of a sharded pool: routed by key, split by key and merged (MGET, MSET, DEL, UNLINK,
 * EXISTS, TOUCH), sent to every shard (KEYS, DBSIZE, FLUSHDB, FLUSHALL, SCRIPT, RANDOMKEY), or
 * walked shard after shard (SCAN). A command whose keys span shards and that Redis runs atomically
 * is refused with CROSSSLOT, never split. Transactions stay on the shard of their first keys.
 */
final class Sharding {

    private Sharding() {
    }

    static boolean forward(ClientSession s, RespRequest req, CommandSpec spec, boolean wantDedicated, boolean timed) {
        int shard = s.router.shardOf(req, spec);
        if (s.router.shardCount() > 1) {
            if (shard == ShardRouter.CROSS_SHARD) {
                SplitKind split = s.pool.splits().kind(spec);
                if (split != null && split.byKey && !wantDedicated) {
                    return splitByKey(s, req, spec, split);
                }
                s.local(req, s.errorBuf(ProxyReplies.CROSSSLOT));
                return true;
            }
            if (!wantDedicated && s.router.lastKeyCount() == 0) {
                SplitKind split = s.pool.splits().kind(spec);
                if (split != null && !split.byKey) {
                    return fanOut(s, req, split);
                }
                if (s.pool.splits().isScan(spec)) {
                    return scan(s, req, spec);
                }
            }
        }
        return Forwarding.forward(s, req, spec, shard, wantDedicated, timed, null);
    }

    /** A command queued in a transaction: it must be on the transaction's shard. */
    static boolean inMulti(ClientSession s, RespRequest req, CommandSpec spec, PlanKind kind) {
        int shard = s.router.shardOf(req, spec);
        if (s.router.shardCount() > 1 && s.router.lastKeyCount() > 0 && shard != s.dedicatedShard) {
            BrokenTransaction.abort(s);
            s.local(req, s.errorBuf(ProxyReplies.CROSSSLOT_TRANSACTION));
            return true;
        }
        return InTransaction.queue(s, req, spec, kind, s.dedicated != null ? s.dedicatedShard : 0);
    }

    /**
     * The first command after MULTI in a sharded pool picks the transaction's shard: Vigil opens
     * it there (MULTI, whose OK the client already has) and queues the command.
     */
    static boolean firstInLazyMulti(ClientSession s, RespRequest req, CommandSpec spec, PlanKind kind) {
        switch (kind) {
            case EXEC -> {
                s.tx = TxState.NONE;
                s.local(req, RespWriter.EMPTY_ARRAY.duplicate());
                return true;
            }
            case DISCARD -> {
                s.tx = TxState.NONE;
                s.local(req, Replies.simple(s.channel.alloc(), "OK"));
                return true;
            }
            case MULTI -> {
                s.local(req, s.errorBuf("ERR MULTI calls can not be nested"));
                return true;
            }
            case WATCH -> {
                s.local(req, s.errorBuf("ERR WATCH inside MULTI is not allowed"));
                return true;
            }
            default -> {
            }
        }
        int shard = s.router.shardOf(req, spec);
        if (shard == ShardRouter.CROSS_SHARD) {
            s.tx = TxState.MULTI_ABORTED;
            s.local(req, s.errorBuf(ProxyReplies.CROSSSLOT_TRANSACTION));
            return true;
        }
        ShardTopology topology = s.pool.shard(shard);
        if (!topology.verified()) {
            return Forwarding.awaitMaster(s, req, topology);
        }
        if (s.inflight[shard] > 0) {
            return false;
        }
        NodePool node = s.backends.node(topology.master());
        BackendConnection c = node.dedicated(s.protocol);
        if (c == null) {
            if (s.pool.holdsRequests()) {
                return Forwarding.awaitMaster(s, req, topology);
            }
            s.local(req, s.errorBuf(node.unavailableError()));
            return true;
        }
        s.dedicated = c;
        s.dedicatedShard = shard;
        s.current[shard] = c;
        ReplySlot multiOk = new ReplySlot(s);
        multiOk.discard = true;
        s.addSlot(multiOk, shard);
        c.send(RespWriter.command(s.channel.alloc(), "MULTI"), s.db, multiOk, true);
        s.tx = TxState.MULTI;
        InTransaction.begin(s);
        return InTransaction.queue(s, req, spec, kind, shard);
    }

    // MGET k1 k2 … → one MGET per shard with its keys; MSET k1 v1 … likewise with pairs
    private static boolean splitByKey(ClientSession s, RespRequest req, CommandSpec spec, SplitKind kind) {
        int argc = req.argCount();
        int step = kind.step;
        if (argc < 2 || (argc - 1) % step != 0) {
            return Forwarding.forward(s, req, spec, 0, false, true, null); // Redis gives the arity error
        }
        int keys = (argc - 1) / step;
        int shards = s.router.shardCount();
        int[] partOfShard = new int[shards];
        Arrays.fill(partOfShard, -1);
        int[] keyPart = new int[keys];
        int[] keyPos = new int[keys];
        int[] shardOfPart = new int[shards];
        int[] perPart = new int[shards];
        int parts = 0;
        for (int k = 0; k < keys; k++) {
            int shard = s.router.shardOfArg(req, 1 + k * step);
            if (partOfShard[shard] < 0) {
                partOfShard[shard] = parts;
                shardOfPart[parts++] = shard;
            }
            keyPart[k] = partOfShard[shard];
            keyPos[k] = perPart[keyPart[k]]++;
        }
        BackendConnection[] targets = targets(s, req, shardOfPart, parts);
        if (targets == null) {
            return false;
        }
        if (targets.length == 0) {
            return true;
        }
        SplitSlot slot = new SplitSlot(s, kind, parts, keyPart, keyPos);
        s.replies.add(slot);
        // Each part: *<n>, then the command's and its keys' bulks copied as the client sent them.
        int[] partBytes = new int[parts];
        for (int k = 0; k < keys; k++) {
            partBytes[keyPart[k]] += bulkEnd(req, (k + 1) * step) - bulkEnd(req, k * step);
        }
        ByteBuf in = req.frame();
        int commandStart = in.indexOf(in.readerIndex(), req.argIndex(0), (byte) '\r') + 2; // after *<n>\r\n
        int commandEnd = bulkEnd(req, 0);
        for (int p = 0; p < parts; p++) {
            ByteBuf frame = s.channel.alloc().buffer(16 + commandEnd - commandStart + partBytes[p]);
            Replies.writeHeader(frame, '*', 1 + (long) perPart[p] * step);
            frame.writeBytes(in, commandStart, commandEnd - commandStart);
            for (int k = 0; k < keys; k++) {
                if (keyPart[k] == p) {
                    int from = bulkEnd(req, k * step);
                    frame.writeBytes(in, from, bulkEnd(req, (k + 1) * step) - from);
                }
            }
            send(s, targets[p], shardOfPart[p], frame, new SplitPart(slot, p, shardOfPart[p]));
        }
        req.release();
        return true;
    }

    /** Where the bulk of argument {@code a} ends in the frame: after its bytes and the two that follow. */
    private static int bulkEnd(RespRequest req, int a) {
        return req.argIndex(a) + req.argLength(a) + 2;
    }

    private static boolean fanOut(ClientSession s, RespRequest req, SplitKind kind) {
        int shards = s.router.shardCount();
        int[] all = new int[shards];
        for (int i = 0; i < shards; i++) {
            all[i] = i;
        }
        BackendConnection[] targets = targets(s, req, all, shards);
        if (targets == null) {
            return false;
        }
        if (targets.length == 0) {
            return true;
        }
        SplitSlot slot = new SplitSlot(s, kind, shards, null, null);
        s.replies.add(slot);
        for (int p = 0; p < shards; p++) {
            send(s, targets[p], p, req.frame().retainedDuplicate(), new SplitPart(slot, p, p));
        }
        req.release();
        return true;
    }

    // SCAN <cursor> [MATCH p] [COUNT n] [TYPE t]: the cursor's low bits name the shard
    private static boolean scan(ClientSession s, RespRequest req, CommandSpec spec) {
        int shards = s.router.shardCount();
        if (req.argCount() < 2) {
            return Forwarding.forward(s, req, spec, 0, false, true, null);
        }
        long cursor;
        try {
            cursor = Long.parseUnsignedLong(req.argString(1));
        } catch (NumberFormatException e) {
            s.local(req, s.errorBuf("ERR invalid cursor"));
            return true;
        }
        int bits = ScanSlot.bits(shards);
        int shard = (int) (cursor & ((1L << bits) - 1));
        if (shard >= shards) {
            s.local(req, s.errorBuf("ERR invalid cursor"));
            return true;
        }
        BackendConnection[] targets = targets(s, req, new int[] {shard}, 1);
        if (targets == null) {
            return false;
        }
        if (targets.length == 0) {
            return true;
        }
        ByteBuf frame = s.channel.alloc().buffer(req.frame().readableBytes() + 24);
        Replies.writeHeader(frame, '*', req.argCount());
        Replies.writeBulk(frame, req.frame(), req.argIndex(0), req.argLength(0));
        Replies.writeBulk(frame, Long.toUnsignedString(cursor >>> bits));
        for (int a = 2; a < req.argCount(); a++) {
            Replies.writeBulk(frame, req.frame(), req.argIndex(a), req.argLength(a));
        }
        ScanSlot slot = new ScanSlot(s, shard, shards);
        s.addSlot(slot, shard);
        if (targets[0] == null) {
            frame.release();
            slot.onFailure(s.backends.node(s.pool.shard(shard).master()).unavailableError(), false);
        } else {
            s.current[shard] = targets[0];
            targets[0].send(frame, s.db, slot, true);
        }
        req.release();
        return true;
    }

    /**
     * The connection of each shard a request is split over, or null when it must wait, or an
     * empty array when the request was answered with an error.
     */
    private static BackendConnection[] targets(ClientSession s, RespRequest req, int[] shardOf, int parts) {
        BackendConnection[] targets = new BackendConnection[parts];
        for (int p = 0; p < parts; p++) {
            int shard = shardOf[p];
            ShardTopology topology = s.pool.shard(shard);
            if (!topology.verified()) {
                return Forwarding.awaitMaster(s, req, topology) ? new BackendConnection[0] : null;
            }
            BackendConnection c = s.dedicated != null && s.dedicatedShard == shard ? s.dedicated
                    : s.backends.node(topology.master()).shared((int) s.id, s.protocol);
            if (c != null) {
                c.useProtocol(s.protocol); // a dedicated one the client said HELLO on
            }
            if (c == null) {
                if (s.pool.holdsRequests()) {
                    return Forwarding.awaitMaster(s, req, topology) ? new BackendConnection[0] : null;
                }
                continue; // a static shard that is down: its part fails alone, see send
            }
            if (c != s.current[shard] && s.inflight[shard] > 0) {
                return null;
            }
            targets[p] = c;
        }
        s.poolLoop.routable();
        return targets;
    }

    /** Sends one part; a part for a shard that is down fails at once, the other parts go on. */
    private static void send(ClientSession s, BackendConnection c, int shard, ByteBuf frame, SplitPart part) {
        s.inflight[shard]++;
        s.totalInflight++;
        if (c == null) {
            frame.release();
            ShardTopology topology = s.pool.shard(shard);
            part.onFailure(s.backends.node(topology.master()).unavailableError(), false);
            return;
        }
        s.current[shard] = c;
        part.send(s, c, frame);
    }
}
