package io.vigil.it.history;

import java.util.List;
import java.util.Map;

/**
 * One run of the comparison: a fresh {@link Group}, a {@link Workload} through one {@link Target},
 * one {@link Fault}, then the {@link Checker} against the final master. Prints the verdict as one
 * {@code FAULT-HISTORY {json}} line, which the benchmark harness collects.
 */
final class FaultRun {

    /** Acknowledged writes before the fault, and after it, before the run ends. */
    static final int DEFAULT_ACKS_BEFORE = 300;
    static final int DEFAULT_ACKS_AFTER = 500;
    static final long DEFAULT_ACK_TIMEOUT_MILLIS = 60_000;

    private FaultRun() {
    }

    /**
     * @param minReplicasToWrite 0 for Redis's default, else {@code min-replicas-to-write} on every node
     * @param vigilPool Vigil's extra pool keys (used when {@code target} is Vigil)
     */
    static Verdict run(Fault fault, Target target, int minReplicasToWrite, String vigilPool) throws Exception {
        Group.Options options = new Group.Options(fault == Fault.ISOLATE, minReplicasToWrite,
                target == Target.VIGIL ? vigilPool : null, fault == Fault.RESTART_VIGIL);
        try (Group g = Group.start(options)) {
            KvClient client = target.open(g);
            Workload w = new Workload(client);
            long switchAt;
            try {
                if (!w.awaitAcks(DEFAULT_ACKS_BEFORE, DEFAULT_ACK_TIMEOUT_MILLIS)) {
                    throw new AssertionError(target + ": no writes before the fault: "
                            + w.history.ops().stream().limit(5).toList());
                }
                switchAt = fault.inject(g);
                if (!w.awaitAcks(DEFAULT_ACKS_AFTER, DEFAULT_ACK_TIMEOUT_MILLIS)) {
                    System.out.println("FAULT-HISTORY note: " + target + " under " + fault
                            + " wrote nothing more within " + DEFAULT_ACK_TIMEOUT_MILLIS + " ms");
                }
            } finally {
                w.close();
                client.close();
            }
            Map<String, String> state = g.settleAndRead();
            List<Op> ops = w.history.ops();
            Verdict v = Checker.check(ops, state, switchAt, client.reconnects());
            String label = fault.name().toLowerCase(java.util.Locale.ROOT)
                    + (minReplicasToWrite > 0 ? "+min-replicas-" + minReplicasToWrite : "");
            System.out.println("FAULT-HISTORY " + v.json(label, client.name()));
            return v;
        }
    }
}
