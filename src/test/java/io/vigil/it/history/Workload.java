package io.vigil.it.history;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One writer on its own thread: {@code SET k:<i> <i>} for i = 1, 2, … every {@link #DEFAULT_PERIOD_MILLIS}
 * (the next one starts at once when a reply took longer), each recorded in a {@link History}.
 */
final class Workload implements AutoCloseable {

    static final long DEFAULT_PERIOD_MILLIS = 2;

    final History history = new History();
    private final KvClient client;
    private final Thread thread;
    private volatile boolean stop;

    Workload(KvClient client) {
        this.client = client;
        this.thread = new Thread(this::run, "workload-" + client.name());
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        long period = TimeUnit.MILLISECONDS.toNanos(DEFAULT_PERIOD_MILLIS);
        long next = System.nanoTime();
        for (long seq = 1; !stop; seq++) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            long invoked = System.nanoTime();
            next = Math.max(next + period, invoked);
            String value = Long.toString(seq);
            try {
                client.set("k:" + value, value);
                history.add(new Op(seq, invoked, System.nanoTime(), Op.Outcome.OK, null));
            } catch (Exception e) {
                history.add(new Op(seq, invoked, System.nanoTime(), client.classify(e), String.valueOf(e.getMessage())));
            }
        }
    }

    /** Waits until {@code more} more writes were acknowledged, or {@code timeoutMillis} passed. */
    boolean awaitAcks(long more, long timeoutMillis) throws InterruptedException {
        long target = history.count(Op.Outcome.OK) + more;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (history.count(Op.Outcome.OK) < target) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    KvClient client() {
        return client;
    }

    /** Stops after the operation in progress and waits for it. */
    @Override
    public void close() throws InterruptedException {
        stop = true;
        thread.join(TimeUnit.SECONDS.toMillis(90));
    }
}
