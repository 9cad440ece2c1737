package io.vigil.topology;

import io.vigil.config.Endpoint;
import java.util.Locale;

/**
 * How a node's health follows from its latest check and the ones before: one bad check takes a
 * replica out of reads at once, and {@code replica_recovery_checks} good ones in a row bring it
 * back (at start as after a fault, so a replica that is flapping does not take reads between
 * two failures). {@code caughtUpAt} only moves forward, except that it is forgotten when the
 * replica stops following the shard's master, whose writes it then no longer applies.
 */
final class Readability {

    private static final long KB = 1024;
    private static final long MB = KB * 1024;
    private static final long GB = MB * 1024;

    private Readability() {
    }

    /**
     * @param previous the node's health before this check; null when it has none yet
     * @param asReplica the topology names the node a replica; a master is never readable
     */
    static NodeHealth next(NodeHealth previous, Endpoint node, Finding found, boolean asReplica, int recoveryChecks,
                           long nowNanos) {
        int before = previous == null ? 0 : previous.goodChecks();
        int good = found.good() ? (before == Integer.MAX_VALUE ? before : before + 1) : 0;
        boolean readable = asReplica && found.good() && good >= recoveryChecks;
        long caughtUp = Long.MIN_VALUE;
        if (asReplica && !found.diverged()) {
            long known = previous == null ? Long.MIN_VALUE : previous.caughtUpAtNanos();
            caughtUp = Math.max(known, found.caughtUpAtNanos());
        }
        return new NodeHealth(node, found.reachable(), found.role(), found.follows(), found.linkStatus(),
                found.offset(), found.lagBytes(), good, readable, caughtUp, found.problem(), nowNanos);
    }

    /** {@code 512 B}, {@code 64 KB}, {@code 1 MB}, {@code 4.2 MB}, {@code 2 GB}: powers of 1024, one decimal. */
    static String bytes(long n) {
        if (n >= GB) {
            return decimal((double) n / GB) + " GB";
        }
        if (n >= MB) {
            return decimal((double) n / MB) + " MB";
        }
        if (n >= KB) {
            return decimal((double) n / KB) + " KB";
        }
        return n + " B";
    }

    private static String decimal(double value) {
        String text = String.format(Locale.ROOT, "%.1f", value);
        return text.endsWith(".0") ? text.substring(0, text.length() - 2) : text;
    }
}
