package io.vigil.sandbox;

import java.time.Duration;

/**
 * Waits until a replica has finished its first sync with its master, which is when
 * {@code INFO replication} shows {@code master_link_status:up}.
 */
final class ReplicaSync {

    static final Duration POLL_INTERVAL = Duration.ofMillis(50);

    private ReplicaSync() {
    }

    static void await(RedisNode replica, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() - deadline < 0) {
            last = replica.call("INFO", "replication");
            if (last != null && last.contains("master_link_status:up")) {
                return;
            }
            Signals.sleep(POLL_INTERVAL);
        }
        throw new SandboxException(replica + ": master_link_status not up within " + timeout
                + "\n--- INFO replication ---\n" + last + LogTail.describe(replica.logFile()));
    }
}
