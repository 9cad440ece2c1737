package io.vigil.topology;

import io.vigil.config.Endpoint;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every topology a watcher publishes, with when it came, and prints each cause to the test output. */
final class TopologyRecorder implements TopologyListener {

    record Change(PoolTopology before, PoolTopology after, String cause, long atNanos) {
    }

    private final List<Change> changes = new CopyOnWriteArrayList<>();

    @Override
    public void onChange(PoolTopology before, PoolTopology after, String cause) {
        changes.add(new Change(before, after, cause, System.nanoTime()));
        System.out.println("[topology] " + cause);
    }

    List<Change> changes() {
        return List.copyOf(changes);
    }

    /** The first change after which shard 0 has {@code master} as its verified master; null if none. */
    Change firstVerified(Endpoint master) {
        for (Change change : changes) {
            ShardTopology shard = change.after().shard(0);
            if (shard.writable() && shard.master().equals(master)) {
                return change;
            }
        }
        return null;
    }

    /** True when any published view named {@code node} the verified master of shard 0. */
    boolean everVerified(Endpoint node) {
        return firstVerified(node) != null;
    }
}
