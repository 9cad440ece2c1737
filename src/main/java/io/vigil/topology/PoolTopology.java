package io.vigil.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One pool as Vigil currently believes it: its shards, in config order, so that index {@code i}
 * is the shard the router hashes to {@code i}. Replaced whole, never changed.
 *
 * @param pool the pool's name in config
 * @param shards every shard, in the order of {@code servers}
 * @param degraded no sentinel is reachable; the shards are the last verified view
 */
public record PoolTopology(String pool, List<ShardTopology> shards, boolean degraded) {

    public PoolTopology {
        Objects.requireNonNull(pool, "pool");
        shards = List.copyOf(shards);
    }

    public ShardTopology shard(int index) {
        return shards.get(index);
    }

    /** The shard of that config name, or null when there is none. */
    public ShardTopology shard(String name) {
        for (ShardTopology shard : shards) {
            if (shard.name().equals(name)) {
                return shard;
            }
        }
        return null;
    }

    PoolTopology with(int index, ShardTopology shard) {
        List<ShardTopology> copy = new ArrayList<>(shards);
        copy.set(index, shard);
        return new PoolTopology(pool, copy, degraded);
    }

    PoolTopology withDegraded(boolean value) {
        return new PoolTopology(pool, shards, value);
    }
}
