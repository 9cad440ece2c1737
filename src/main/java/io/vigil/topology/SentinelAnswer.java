package io.vigil.topology;

import io.vigil.config.Endpoint;
import java.util.List;

/**
 * What one sentinel said about one master name in one round of questions.
 *
 * @param sentinel who answered
 * @param master its {@code get-master-addr-by-name} address; null when it knows no such name or
 *     did not answer
 * @param configEpoch the {@code config-epoch} of its {@code SENTINEL master} reply; -1 when unknown
 * @param flags the master's flags as this sentinel sees them ({@code master,s_down}), or ""
 * @param replicas the replicas it reports healthy
 * @param sentinels the other sentinels it knows and does not flag down
 * @param error why it gave no address, or null when it did
 * @param failingOver the master whose failover this sentinel has in progress ({@code ip} and
 *     {@code port} of its {@code SENTINEL master} reply while {@code flags} hold
 *     {@code failover_in_progress}; still the old master after the promotion, when
 *     {@code get-master-addr-by-name} already names the promoted replica), or null
 */
record SentinelAnswer(Endpoint sentinel, Endpoint master, long configEpoch, String flags,
                      List<Endpoint> replicas, List<SentinelAddress> sentinels, String error, Endpoint failingOver) {

    SentinelAnswer {
        replicas = List.copyOf(replicas);
        sentinels = List.copyOf(sentinels);
    }

    SentinelAnswer(Endpoint sentinel, Endpoint master, long configEpoch, String flags,
                   List<Endpoint> replicas, List<SentinelAddress> sentinels, String error) {
        this(sentinel, master, configEpoch, flags, replicas, sentinels, error, null);
    }

    static SentinelAnswer failed(Endpoint sentinel, String error) {
        return new SentinelAnswer(sentinel, null, -1, "", List.of(), List.of(), error);
    }

    /** A sentinel another one knows of, by the address it announces and its run id. */
    record SentinelAddress(Endpoint endpoint, String runId) {
    }
}
