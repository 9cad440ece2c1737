package io.vigil.it.history;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #10's faults through Vigil, judged by the history checker. {@code mvn verify} runs the lean
 * version: Vigil alone under the kill, planned, isolation and restart faults (the pause is
 * {@link NoSuccessFromADemotedNodeIT}). With {@code -Dvigil.faults=full} (what
 * {@code bench/failover.py} runs) every fault runs against Vigil, Jedis's JedisSentinelPool and
 * Lettuce's master/replica client, plus the isolation with {@code min-replicas-to-write 1}; each
 * run prints a {@code FAULT-HISTORY} line and the full run asserts Vigil lost no more than the best
 * direct client under each fault. {@code -Dvigil.faults.rounds=N} repeats everything N times,
 * {@code -Dvigil.faults.only=PAUSE,KILL} keeps only the faults named.
 */
class FaultMatrixIT {

    static final String FULL = "full";

    @Test
    void vigilLosesNoAcknowledgedWriteUnderAnyFault() throws Exception {
        boolean full = FULL.equals(System.getProperty("vigil.faults", ""));
        int rounds = Integer.getInteger("vigil.faults.rounds", 1);
        String only = System.getProperty("vigil.faults.only", "").toUpperCase(Locale.ROOT);
        List<String> problems = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            for (Fault fault : Fault.values()) {
                if (!full && fault == Fault.PAUSE || !only.isEmpty() && !List.of(only.split(",")).contains(fault.name())) {
                    continue;
                }
                runFault(problems, fault, full);
            }
        }
        assertThat(problems).isEmpty();
    }

    private static void runFault(List<String> problems, Fault fault, boolean full) throws Exception {
        for (int minReplicas : full && fault == Fault.ISOLATE ? new int[] {0, 1} : new int[] {0}) {
            Verdict vigil = FaultRun.run(fault, Target.VIGIL, minReplicas, Target.DEFAULT_VIGIL_POOL);
            check(problems, fault, minReplicas, vigil);
            if (!full || fault == Fault.RESTART_VIGIL) {
                continue;
            }
            long best = Long.MAX_VALUE;
            for (Target direct : List.of(Target.JEDIS_SENTINEL, Target.LETTUCE_SENTINEL)) {
                best = Math.min(best, FaultRun.run(fault, direct, minReplicas, null).ackLost());
            }
            if (vigil.ackLost() > best) {
                problems.add(String.format(Locale.ROOT, "%s (min-replicas %d): Vigil lost %d, best direct client %d",
                        fault, minReplicas, vigil.ackLost(), best));
            }
        }
    }

    private static void check(List<String> problems, Fault fault, int minReplicas, Verdict v) {
        String what = fault + (minReplicas > 0 ? " (min-replicas " + minReplicas + ")" : "");
        if (v.ackLost() > 0) {
            problems.add(what + ": " + v.ackLost() + " acknowledged writes lost, seqs " + v.lostSeqs());
        }
        if (v.failedApplied() > 0) {
            problems.add(what + ": " + v.failedApplied() + " writes reported failed were applied");
        }
        if (fault != Fault.RESTART_VIGIL && v.reconnects() > 0) {
            problems.add(what + ": " + v.reconnects() + " client connections dropped");
        }
        if (v.acknowledged() <= FaultRun.DEFAULT_ACKS_BEFORE) {
            problems.add(what + ": no write acknowledged after the fault");
        }
    }
}
