package io.vigil.it.history;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a history against the final state, in the spirit of Jepsen's Redis analyses: every write
 * set a key of its own to a value of its own, so each operation can be judged alone. Acknowledged
 * and missing is a lost write; failed and present is a write the client was wrongly told did not
 * happen; unknown may go either way.
 */
final class Checker {

    static final int DEFAULT_LOST_SHOWN = 20;

    private Checker() {
    }

    /**
     * @param finalState every {@code k:*} key of the final master and its value
     * @param referenceNanos writes acknowledged after this time count in {@link Verdict#ackLostAfter()}
     */
    static Verdict check(List<Op> ops, Map<String, String> finalState, long referenceNanos, int reconnects) {
        long ack = 0, survived = 0, lost = 0, lostAfter = 0, failed = 0, failedApplied = 0, unknown = 0, unknownApplied = 0;
        List<Long> lostSeqs = new ArrayList<>();
        long lastOk = 0;
        long longestGap = 0;
        for (Op op : ops) {
            boolean present = op.value().equals(finalState.get(op.key()));
            switch (op.outcome()) {
                case OK -> {
                    ack++;
                    if (present) {
                        survived++;
                    } else {
                        lost++;
                        if (op.completedNanos() > referenceNanos) {
                            lostAfter++;
                        }
                        if (lostSeqs.size() < DEFAULT_LOST_SHOWN) {
                            lostSeqs.add(op.seq());
                        }
                    }
                    if (lastOk != 0) {
                        longestGap = Math.max(longestGap, op.completedNanos() - lastOk);
                    }
                    lastOk = op.completedNanos();
                }
                case FAIL -> {
                    failed++;
                    failedApplied += present ? 1 : 0;
                }
                case UNKNOWN -> {
                    unknown++;
                    unknownApplied += present ? 1 : 0;
                }
            }
        }
        return new Verdict(ack, survived, lost, lostAfter, failed, failedApplied, unknown, unknownApplied,
                longestGap / 1e6, reconnects, lostSeqs);
    }
}
