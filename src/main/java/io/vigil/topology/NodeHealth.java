package io.vigil.topology;

import io.vigil.config.Endpoint;

/**
 * What the latest health check of one node saw, and what follows from the checks before it.
 * Replaced whole after every check.
 *
 * @param node the node checked
 * @param reachable the node answered the latest check in time, even if with an error
 * @param role {@code master} or {@code slave} as the node said; null when it gave none
 * @param master for a replica, the master it follows, as it names it; null otherwise
 * @param linkStatus for a replica, its {@code master_link_status} ({@code up}, {@code down}); null otherwise
 * @param offset bytes of replication: {@code master_repl_offset} of a master,
 *     {@code slave_repl_offset} of a replica; -1 when unknown
 * @param lagBytes for a replica, how far it was behind its master's offset sampled just before it
 *     was asked; -1 when unknown (the master gave no usable sample)
 * @param goodChecks good checks in a row, the latest included; 0 after a bad one
 * @param readable reads may go to this replica; always false for a master
 * @param caughtUpAtNanos the latest {@link System#nanoTime()} T such that this replica had applied
 *     everything its master had written at T; {@link Long#MIN_VALUE} when unknown
 * @param lastError why the latest check was bad; null when it was good
 * @param checkedAtNanos {@link System#nanoTime()} when the latest check ended
 */
public record NodeHealth(Endpoint node, boolean reachable, String role, Endpoint master, String linkStatus,
                         long offset, long lagBytes, int goodChecks, boolean readable, long caughtUpAtNanos,
                         String lastError, long checkedAtNanos) {

    public boolean good() {
        return lastError == null;
    }

    @Override
    public String toString() {
        return node + (reachable ? " " + role : " unreachable") + (master == null ? "" : " of " + master)
                + (linkStatus == null ? "" : " link " + linkStatus) + (lagBytes < 0 ? "" : " lag " + lagBytes)
                + " good " + goodChecks + (readable ? " readable" : "") + (good() ? "" : " (" + lastError + ")");
    }
}
