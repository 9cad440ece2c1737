package io.vigil.topology;

/** Told of every new {@link PoolTopology} a {@link SentinelWatcher} publishes. */
public interface TopologyListener {

    /**
     * Called on the watcher's event loop after {@code after} became current, so it must not
     * block. {@code cause} is a short human text: what happened and what was verified.
     */
    void onChange(PoolTopology before, PoolTopology after, String cause);
}
