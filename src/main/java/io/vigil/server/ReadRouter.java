package io.vigil.server;

import io.vigil.backend.NodePool;
import io.vigil.backend.PoolBackends;
import io.vigil.command.CommandSpec;
import io.vigil.command.CommandTable;
import io.vigil.config.Endpoint;
import io.vigil.config.PoolConfig;
import io.vigil.topology.HealthChecker;
import io.vigil.topology.ShardTopology;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a read goes under the pool's {@code read_policy}. Only commands the command table flags
 * read-only may leave the master, minus the pool's {@code master_commands}; EVAL, transactions
 * and unknown commands never do. Among the candidates, {@code read_balance: least-outstanding}
 * (the default) takes the node with the fewest requests in flight on this client's connection per
 * unit of {@code read_weights}, ties rotating so an idle pool still spreads its reads;
 * {@code round-robin} takes them in turn, each as often as its weight says. Weight 0: no reads.
 *
 * <p>A replica takes reads only while Vigil's own health checks admit it ({@link HealthChecker}:
 * reachable, replicating from its shard's master, link up, lag within {@code max_replica_lag}),
 * and with {@code read_your_writes} only once it has caught up with the client's last write.
 *
 * <ul>
 *   <li>{@code master}: every command to the master (the default);</li>
 *   <li>{@code replicas}: reads to the healthy replicas, to the master when there is none;</li>
 *   <li>{@code prefer-replica}: reads to a replica unless every replica is busier than the master;</li>
 *   <li>{@code any}: reads to the master and the healthy replicas alike.</li>
 * </ul>
 */
final class ReadRouter {

    enum Policy { MASTER, REPLICAS, PREFER_REPLICA, ANY }

    private final Policy policy;
    private final boolean roundRobin;
    private final Map<Endpoint, Integer> weights;
    private final IdentityHashMap<CommandSpec, Boolean> masterOnly = new IdentityHashMap<>();

    ReadRouter(PoolConfig config, CommandTable table) {
        this.policy = switch (config.readPolicy()) {
            case "replicas" -> Policy.REPLICAS;
            case "prefer-replica" -> Policy.PREFER_REPLICA;
            case "any" -> Policy.ANY;
            default -> Policy.MASTER;
        };
        this.roundRobin = "round-robin".equals(config.readBalance());
        this.weights = config.readWeights();
        for (String name : config.masterCommands()) {
            CommandSpec spec = table.lookup(name);
            if (spec != null) {
                masterOnly.put(spec, Boolean.TRUE);
            }
        }
    }

    /**
     * Vigil's own health checks admit the replica, and, for read-your-writes, it has caught up
     * with the client's last write ({@code lastWriteAt} is 0 when there is none to wait for).
     */
    private static boolean readable(HealthChecker health, Endpoint replica, long lastWriteAt) {
        if (health == null) {
            return true;
        }
        return health.readable(replica) && (lastWriteAt == 0 || health.caughtUpAt(replica) - lastWriteAt >= 0);
    }

    /** Whether {@code spec} may be read from a replica under this policy. */
    boolean mayUseReplica(CommandSpec spec) {
        return policy != Policy.MASTER && spec != null && spec.mayGoToReplica() && !masterOnly.containsKey(spec);
    }

    /**
     * The replica to send a read to, or null for the master.
     *
     * @param turn a counter that moves on each call: it rotates round-robin, and ties otherwise
     */
    Endpoint pick(ShardTopology shard, PoolBackends backends, int slot, int protocol, int turn,
                  HealthChecker health, long lastWriteAt) {
        List<Endpoint> replicas = shard.replicas();
        int n = replicas.size();
        if (n == 0) {
            return null;
        }
        boolean withMaster = policy == Policy.ANY && shard.verified();
        if (roundRobin) {
            return roundRobin(shard, backends, replicas, withMaster, turn, health, lastWriteAt);
        }
        // least outstanding per unit of weight: (load + 1) / weight, compared without division
        Endpoint best = null;
        long bestLoad = 0;
        long bestWeight = 1;
        for (int k = 0; k < n; k++) {
            Endpoint r = replicas.get(Math.floorMod(turn + k, n));
            int weight = weight(r);
            NodePool node = backends.node(r);
            if (weight == 0 || node.isResting() || !readable(health, r, lastWriteAt)) {
                continue;
            }
            long load = node.load(slot, protocol) + 1L;
            if (best == null || load * bestWeight < bestLoad * weight) {
                best = r;
                bestLoad = load;
                bestWeight = weight;
            }
        }
        if (best == null || policy == Policy.REPLICAS || !shard.verified()) {
            return best; // without a verified master, replicas are all there is to read from
        }
        long masterLoad = backends.node(shard.master()).load(slot, protocol) + 1L;
        if (policy == Policy.PREFER_REPLICA) {
            return bestLoad <= masterLoad ? best : null;
        }
        int masterWeight = weight(shard.master());
        if (masterWeight == 0) {
            return best;
        }
        // ANY: the master is one more candidate, taking its turn among equals
        long m = masterLoad * bestWeight;
        long r = bestLoad * masterWeight;
        if (m < r || (m == r && Math.floorMod(turn, n + 1) == n)) {
            return null;
        }
        return best;
    }

    /** Weighted round-robin over the admitted replicas (and the master under {@code any}). */
    private Endpoint roundRobin(ShardTopology shard, PoolBackends backends, List<Endpoint> replicas, boolean withMaster,
                                int turn, HealthChecker health, long lastWriteAt) {
        long total = withMaster ? weight(shard.master()) : 0;
        for (Endpoint r : replicas) {
            if (usable(backends, r, health, lastWriteAt)) {
                total += weight(r);
            }
        }
        if (total == 0) {
            return null;
        }
        long at = Math.floorMod(turn, total);
        for (Endpoint r : replicas) {
            if (usable(backends, r, health, lastWriteAt)) {
                at -= weight(r);
                if (at < 0) {
                    return r;
                }
            }
        }
        return null; // the master's share
    }

    private static boolean usable(PoolBackends backends, Endpoint r, HealthChecker health, long lastWriteAt) {
        return !backends.node(r).isResting() && readable(health, r, lastWriteAt);
    }

    private int weight(Endpoint node) {
        return weights.getOrDefault(node, PoolConfig.DEFAULT_READ_WEIGHT);
    }
}
