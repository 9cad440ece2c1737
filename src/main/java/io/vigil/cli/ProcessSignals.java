package io.vigil.cli;

import io.vigil.server.VigilServer;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What a running {@code vigil} does on a signal:
 * <ul>
 *   <li>{@code SIGHUP}: reopen the {@code -o} log file (as nutcracker does), then reload the
 *       config file; a file that does not load changes nothing and the log says why;</li>
 *   <li>{@code SIGTERM}, {@code SIGINT}: drain ({@link VigilServer#drain()}) and exit 0;</li>
 *   <li>a second {@code SIGTERM} or {@code SIGINT} during the drain: exit at once, status 1.</li>
 * </ul>
 * The JDK's own handlers would exit on the first of each; {@code sun.misc.Signal} is the only way
 * the JDK offers to replace them. Each action runs on a thread of its own, not the signal's.
 */
final class ProcessSignals {

    private final VigilServer server;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);

    private ProcessSignals(VigilServer server) {
        this.server = server;
    }

    static ProcessSignals install(VigilServer server) {
        ProcessSignals signals = new ProcessSignals(server);
        Signal.handle(new Signal("HUP"), s -> signals.run("vigil-reload", signals::reload));
        Signal.handle(new Signal("TERM"), signals::stop);
        Signal.handle(new Signal("INT"), signals::stop);
        return signals;
    }

    /** Blocks until a drain has finished. */
    void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    private synchronized void reload() {
        var log = LoggerFactory.getLogger(ProcessSignals.class);
        try {
            Logging.reopen();
        } catch (IOException e) {
            log.error("SIGHUP: cannot reopen the log file: {}", e.toString());
        }
        server.reload(); // logs what it applied, or why it refused
    }

    private void stop(Signal signal) {
        if (!stopping.compareAndSet(false, true)) {
            LoggerFactory.getLogger(ProcessSignals.class).warn("SIG{} again: exiting now", signal.getName());
            Runtime.getRuntime().halt(1);
        }
        run("vigil-drain", () -> {
            LoggerFactory.getLogger(ProcessSignals.class).info("SIG{}: draining (a second signal exits at once)",
                    signal.getName());
            boolean clean = server.drain();
            LoggerFactory.getLogger(ProcessSignals.class).info("drained {}; exiting",
                    clean ? "cleanly" : "at shutdown_timeout");
            stopped.countDown();
        });
    }

    private static void run(String name, Runnable action) {
        Thread t = new Thread(action, name);
        t.setDaemon(true);
        t.start();
    }
}
