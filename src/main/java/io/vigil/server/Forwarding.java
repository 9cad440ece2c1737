package io.vigil.server;

import io.vigil.backend.BackendConnection;
import io.vigil.backend.NodePool;
import io.vigil.command.CommandSpec;
import io.vigil.config.Endpoint;
import io.vigil.metrics.MeterNames.ErrorKind;
import io.vigil.protocol.RespRequest;
import io.vigil.topology.ShardTopology;

/**
 * Sends one request of a client to a node of one shard: a replica when the read policy picks one,
 * else the shard's verified master, on the connection the client's earlier requests to that shard
 * are on. A request that cannot go yet (another connection is busy with the client's earlier
 * requests, or the shard has no verified master) is left to wait; in a Sentinel pool the slot
 * keeps the request so that it can be sent again after a failover.
 */
final class Forwarding {

    private Forwarding() {
    }

    /**
     * Sends a request to the master of {@code shard}. Returns false when the request must wait:
     * it needs another connection than the one its predecessors on that shard are on, or the
     * shard has no master yet.
     *
     * @param spec the command, or null when unknown
     * @param wantDedicated the request needs a connection of its own (transaction, blocking)
     * @param timed whether the pool's request timeout applies
     * @param slot the slot to use, or null for a new one
     */
    static boolean forward(ClientSession s, RespRequest req, CommandSpec spec, int shard, boolean wantDedicated, boolean timed, ReplySlot slot) {
        if (slot == null && !wantDedicated && s.dedicated == null && s.tx == TxState.NONE
                && s.pool.reads().mayUseReplica(spec) && readFromReplica(s, req, spec, shard)) {
            return true;
        }
        BackendConnection target;
        if (s.dedicated != null && s.dedicatedShard == shard) {
            target = s.dedicated;
            target.useProtocol(s.protocol); // the client said HELLO while holding it
        } else {
            if (wantDedicated && s.dedicated != null) {
                s.local(req, s.errorBuf(ProxyReplies.CROSSSHARD_PINNED));
                return true;
            }
            ShardTopology topology = s.pool.shard(shard);
            if (!topology.verified()) {
                return awaitMaster(s, req, topology);
            }
            if (wantDedicated && s.inflight[shard] > 0) {
                return false;
            }
            NodePool node = s.backends.node(topology.master());
            target = wantDedicated ? node.dedicated(s.protocol) : node.shared((int) s.id, s.protocol);
            if (target == null) {
                if (s.pool.holdsRequests()) {
                    return awaitMaster(s, req, topology);
                }
                if (s.pool.ejection() != null) {
                    s.pool.ejection().failure(shard);
                }
                s.pool.meters.forwardError();
                s.pool.meters.error(ErrorKind.REFUSED);
                s.local(req, s.errorBuf(node.unavailableError()));
                return true;
            }
            s.poolLoop.routable();
            if (wantDedicated) {
                s.dedicated = target;
                s.dedicatedShard = shard;
            }
        }
        if (target != s.current[shard] && s.inflight[shard] > 0) {
            return false;
        }
        s.current[shard] = target;
        boolean write = spec == null || !spec.mayGoToReplica();
        if (slot == null && s.pool.holdsRequests() && target != s.dedicated) {
            ForwardSlot retryable = new ForwardSlot(s, req, !write);
            retryable.write = write;
            retryable.timing(spec);
            retryable.node = target.node();
            s.addSlot(retryable, shard);
            // the slot keeps the request for a retry; the connection gets its own reference
            target.send(req.frame().retainedDuplicate(), s.db, retryable, timed);
            return true;
        }
        if (slot == null) {
            slot = new ReplySlot(s);
        }
        slot.write = write;
        slot.timing(spec);
        s.addSlot(slot, shard);
        // the frame now belongs to the connection; the request object is dropped
        target.send(req.frame(), s.db, slot, timed);
        return true;
    }

    /**
     * Sends a read to a replica when the read policy picks one. Reads keep flowing from replicas
     * while the shard has no verified master. A failed replica read is sent again to the master.
     */
    private static boolean readFromReplica(ClientSession s, RespRequest req, CommandSpec spec, int shard) {
        ShardTopology topology = s.pool.shard(shard);
        Endpoint replica = topology.master() == null && topology.replicas().isEmpty() ? null
                : s.pool.reads().pick(topology, s.backends, (int) s.id, s.protocol, s.readTurn++, s.pool.health(),
                        s.pool.readYourWrites() ? s.lastWriteAt[shard] : 0);
        if (replica == null) {
            return false;
        }
        BackendConnection c = s.backends.node(replica).shared((int) s.id, s.protocol);
        if (c == null) {
            return false;
        }
        ForwardSlot read = new ForwardSlot(s, req, true);
        read.timing(spec);
        if (s.pool.meters.on) {
            s.pool.meters.node(replica).readRouted();
        }
        read.node = replica;
        read.shard = shard;
        read.replicaRead = true;
        s.totalInflight++;
        s.replies.add(read);
        c.send(req.frame().retainedDuplicate(), s.db, read, true);
        return true;
    }

    static boolean awaitMaster(ClientSession s, RespRequest req, ShardTopology shard) {
        if (s.poolLoop.holdExpired()) {
            s.pool.meters.forwardError();
            s.pool.meters.error(ErrorKind.REFUSED);
            s.local(req, s.errorBuf(ProxyReplies.masterDown(shard.name(), s.pool.holdNanos())));
            return true;
        }
        s.poolLoop.await(s);
        return false;
    }

    /** The connection a SELECT will be forwarded on, or null when there is none yet. */
    static BackendConnection connectionForNextForward(ClientSession s) {
        return s.dedicated != null ? s.dedicated : masterConnection(s, 0);
    }

    /**
     * The connection to {@code shard}'s verified master the client would use now: its dedicated
     * one when it holds one there, else its shared one; null while there is none.
     */
    static BackendConnection masterConnection(ClientSession s, int shard) {
        if (s.dedicated != null && s.dedicatedShard == shard) {
            s.dedicated.useProtocol(s.protocol);
            return s.dedicated;
        }
        ShardTopology topology = s.pool.shard(shard);
        return topology.verified() ? s.backends.node(topology.master()).shared((int) s.id, s.protocol) : null;
    }
}
