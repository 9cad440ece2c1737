package io.vigil.it.history;

import java.util.List;

/**
 * What a {@link Checker} found in one history against the final state of the data.
 *
 * @param acknowledged writes the client got {@code OK} for
 * @param ackSurvived acknowledged and present in the final master with their value
 * @param ackLost acknowledged and missing (or with another value) in the final master
 * @param ackLostAfter acknowledged after the reference time (e.g. the published switch) and lost
 * @param failed writes with a definite error (refused or never sent)
 * @param failedApplied failed, yet present in the final state: a client was told a lie
 * @param unknown writes whose outcome the client could not know
 * @param unknownApplied unknown and present in the final state
 * @param longestGapMillis the longest time between two acknowledgements
 * @param reconnects connections the client had to open again after losing one
 * @param lostSeqs the first few lost sequence numbers, for the log
 */
record Verdict(long acknowledged, long ackSurvived, long ackLost, long ackLostAfter, long failed, long failedApplied,
               long unknown, long unknownApplied, double longestGapMillis, int reconnects, List<Long> lostSeqs) {

    long errors() {
        return failed + unknown;
    }

    /** One line of JSON, for the harness to collect. */
    String json(String fault, String client) {
        return String.format(java.util.Locale.ROOT, "{\"fault\":\"%s\",\"client\":\"%s\",\"acknowledged\":%d,"
                        + "\"ack_survived\":%d,\"ack_lost\":%d,\"ack_lost_after_switch\":%d,\"failed\":%d,"
                        + "\"failed_applied\":%d,\"unknown\":%d,\"unknown_applied\":%d,\"errors\":%d,"
                        + "\"longest_gap_ms\":%.1f,\"reconnects\":%d,\"lost_seqs\":\"%s\"}",
                fault, client, acknowledged, ackSurvived, ackLost, ackLostAfter, failed, failedApplied, unknown,
                unknownApplied, errors(), longestGapMillis, reconnects, lostSeqs);
    }
}
