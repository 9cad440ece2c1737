package io.vigil.server;

import io.vigil.command.CommandSpec;
import io.vigil.protocol.RespRequest;

/**
 * Picks the shard of a request from its keys, as twemproxy places them. One per session: it owns
 * the reusable array the key finder writes into, so routing allocates nothing.
 *
 * <p>A command without keys goes to shard 0 (unless the planner fans it out); so do unknown
 * commands, whose keys Vigil cannot know.
 */
final class ShardRouter {

    /** The request's keys live on different shards. */
    static final int CROSS_SHARD = -1;

    private final PoolRuntime pool;
    private final int shards;
    private int[] keys = new int[8];
    private int keyCount;

    ShardRouter(PoolRuntime pool) {
        this.pool = pool;
        this.shards = pool.shardMap().shardCount();
    }

    int shardCount() {
        return shards;
    }

    /** The shard every key of {@code req} is on, 0 for keyless requests, or {@link #CROSS_SHARD}. */
    int shardOf(RespRequest req, CommandSpec spec) {
        keyCount = 0;
        if (shards == 1 || spec == null) {
            return 0;
        }
        if (keys.length < req.argCount()) {
            keys = new int[Math.max(req.argCount(), keys.length * 2)];
        }
        int n = spec.keys(req, keys);
        if (n <= 0) {
            return 0;
        }
        keyCount = n;
        int first = shardOfArg(req, keys[0]);
        for (int i = 1; i < n; i++) {
            if (shardOfArg(req, keys[i]) != first) {
                return CROSS_SHARD;
            }
        }
        return first;
    }

    /** How many keys the last {@link #shardOf} found. */
    int lastKeyCount() {
        return keyCount;
    }

    int shardOfArg(RespRequest req, int arg) {
        return shards == 1 ? 0 : pool.routingMap().shardFor(req.frame(), req.argIndex(arg), req.argLength(arg));
    }
}
