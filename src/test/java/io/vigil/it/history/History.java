package io.vigil.it.history;

import java.util.ArrayList;
import java.util.List;

/**
 * Every operation a workload ran, in the order it invoked them. Written by the workload's one
 * thread, read once it stopped (or while it runs, through the synchronized accessors).
 */
final class History {

    private final List<Op> ops = new ArrayList<>();

    synchronized void add(Op op) {
        ops.add(op);
    }

    synchronized List<Op> ops() {
        return List.copyOf(ops);
    }

    synchronized long count(Op.Outcome outcome) {
        return ops.stream().filter(o -> o.outcome() == outcome).count();
    }

    /** The last acknowledged operation, or null. */
    synchronized Op lastOk() {
        for (int i = ops.size() - 1; i >= 0; i--) {
            if (ops.get(i).outcome() == Op.Outcome.OK) {
                return ops.get(i);
            }
        }
        return null;
    }

    /** The first operation acknowledged after {@code nanos}, or null. */
    synchronized Op firstOkAfter(long nanos) {
        for (Op o : ops) {
            if (o.outcome() == Op.Outcome.OK && o.completedNanos() > nanos) {
                return o;
            }
        }
        return null;
    }
}
