package io.vigil.topology;

/** Told of every new {@link PoolTopology} a {@link SentinelWatcher} publishes. */
public interface TopologyListener {

    /**
     * Called on the watcher's event loop after {@code after} became current, so it must not
     * block. {@code cause} is a short human text: what happened and what was verified.
     */
    void onChange(PoolTopology before, PoolTopology after, String cause);

    /** A sentinel link came up or went down (for the admin view and its events); default: ignored. */
    default void onSentinelLink(String sentinel, boolean up, String why) {
    }

    /**
     * A sentinel published {@code channel} ({@code +sdown}, {@code +odown}, {@code +switch-master},
     * ...) about the Sentinel master {@code masterName} (null when the payload names none);
     * default: ignored.
     */
    default void onSentinelEvent(String sentinel, String channel, String masterName, String payload) {
    }
}
