package io.vigil.it.history;

/**
 * One operation of a workload, as its client saw it: {@code SET key value}, invoked at one time and
 * completed at another with one of three outcomes.
 *
 * @param seq the operation's number; the key is {@code k:<seq>} and the value {@code <seq>}
 * @param invokedNanos {@link System#nanoTime()} when the client was asked to send it
 * @param completedNanos {@link System#nanoTime()} when the client returned
 * @param outcome what the reply said about whether the write happened
 * @param error the error text, or null for {@link Outcome#OK}
 */
record Op(long seq, long invokedNanos, long completedNanos, Outcome outcome, String error) {

    enum Outcome {
        /** Acknowledged: the client got {@code OK}. */
        OK,
        /** A definite failure: the command was refused or never sent (MASTERDOWN, READONLY, NOREPLICAS, …). */
        FAIL,
        /** The write may or may not have happened (a timeout, a lost connection, "outcome unknown"). */
        UNKNOWN
    }

    String key() {
        return "k:" + seq;
    }

    String value() {
        return Long.toString(seq);
    }
}
