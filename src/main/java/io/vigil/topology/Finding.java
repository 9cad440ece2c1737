package io.vigil.topology;

import io.vigil.config.Endpoint;

/**
 * What one health check of one node found, before it is weighed against the checks before it
 * ({@link Readability#next}).
 *
 * @param reachable the node answered in time, even if with an error
 * @param role {@code master}, {@code slave}; null when the node gave none
 * @param follows for a replica, the master it names; null otherwise
 * @param linkStatus for a replica, {@code master_link_status}; null otherwise
 * @param offset {@code master_repl_offset} of a master, {@code slave_repl_offset} of a replica, or -1
 * @param replicationId {@code master_replid}, or null
 * @param lagBytes the master's sampled offset minus the replica's, at least 0; -1 when unknown
 * @param caughtUpAtNanos the sample's time when the replica had reached the sample's offset;
 *     {@link Long#MIN_VALUE} when this check says nothing about it
 * @param diverged the node answered but does not follow the shard's master (it is a master itself,
 *     or follows another node): what it applied says nothing about the master's writes any more
 * @param problem why the check is bad; null when it is good
 */
record Finding(boolean reachable, String role, Endpoint follows, String linkStatus, long offset,
               String replicationId, long lagBytes, long caughtUpAtNanos, boolean diverged, String problem) {

    /** No answer at all: a timeout, a refused or lost connection. */
    static Finding unanswered(String why) {
        return new Finding(false, null, null, null, -1, null, -1, Long.MIN_VALUE, false, why);
    }

    /** An answer that could not be used: an error reply, or one of the wrong shape. */
    static Finding badAnswer(String role, String why) {
        return new Finding(true, role, null, null, -1, null, -1, Long.MIN_VALUE, false, why);
    }

    boolean good() {
        return problem == null;
    }
}
