package io.vigil.topology;

import io.vigil.config.Endpoint;
import java.util.List;
import java.util.Objects;

/**
 * One shard as Vigil currently believes it. Replaced whole, never changed.
 *
 * @param name the shard's name in config ({@code ServerConfig.name()})
 * @param master the master, or null when unknown
 * @param verified the master answered {@code ROLE} with {@code master} since it was named; only
 *     then may writes go to it
 * @param configEpoch the Sentinel config epoch the master was named under; -1 when unknown
 * @param replicas healthy replicas only: Sentinel flags them neither {@code s_down},
 *     {@code o_down} nor {@code disconnected}, and their {@code master-link-status} is {@code ok}
 * @param changedAtNanos {@link System#nanoTime()} when this shard's view last changed
 */
public record ShardTopology(String name, Endpoint master, boolean verified, long configEpoch,
                            List<Endpoint> replicas, long changedAtNanos) {

    public ShardTopology {
        Objects.requireNonNull(name, "name");
        replicas = List.copyOf(replicas);
        if (verified && master == null) {
            throw new IllegalArgumentException("verified: true (expected: false when master is null)");
        }
    }

    /** True when writes may go to this shard: its master is known and verified. */
    public boolean writable() {
        return master != null && verified;
    }

    /** The view before anything was asked: the configured first guess, unverified. */
    static ShardTopology firstGuess(String name, Endpoint master) {
        return new ShardTopology(name, master, false, -1, List.of(), System.nanoTime());
    }

    /** True when both name the same master, verification, epoch and replicas. */
    boolean sameView(ShardTopology other) {
        return name.equals(other.name) && Objects.equals(master, other.master) && verified == other.verified
                && configEpoch == other.configEpoch && replicas.equals(other.replicas);
    }

    ShardTopology unverified() {
        return new ShardTopology(name, master, false, configEpoch, replicas, System.nanoTime());
    }

    @Override
    public String toString() {
        return name + " master " + (master == null ? "unknown" : master) + (verified ? " (verified" : " (unverified")
                + ", epoch " + configEpoch + ") replicas " + replicas;
    }
}
