package io.vigil.sandbox;

import java.io.IOException;
import java.time.Duration;

/**
 * Waits until a freshly started process answers {@code PING} with {@code +PONG} on its own port.
 * {@code -LOADING} means it is up but still reading its dataset, so the wait goes on. A process
 * that exits first fails the wait at once, and a PONG from some other process that owns the port
 * (its {@code INFO} names another pid) is reported as a lost race for the port.
 */
final class Readiness {

    private final ServerProcess server;
    /** Where this start's output begins in the shared log, so an older start's errors don't count. */
    private final long logStart;

    Readiness(ServerProcess server, long logStart) {
        this.server = server;
        this.logStart = logStart;
    }

    void await(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no reply yet";
        while (System.nanoTime() - deadline < 0) {
            Process process = server.process();
            if (!process.isAlive()) {
                throw exited(process);
            }
            try {
                last = server.call(ServerProcess.PING_TIMEOUT, "PING");
                if ("PONG".equals(last)) {
                    checkOwnPort(process);
                    return;
                }
            } catch (IOException e) {
                last = e.toString();
            }
            Signals.sleep(ServerProcess.POLL_INTERVAL);
        }
        throw new SandboxException(server + ": did not answer PING within " + timeout
                + " (last: " + last + ")" + LogTail.describe(server.logFile()));
    }

    private void checkOwnPort(Process process) throws IOException {
        long answering = server.answeringPid();
        if (answering != process.pid()) {
            throw new PortTakenException(server + ": port " + server.port()
                    + " is answered by pid " + answering);
        }
    }

    private SandboxException exited(Process process) {
        String output = LogTail.since(server.logFile(), logStart);
        // Redis: "Could not create server TCP listening socket 127.0.0.1:<port>: bind: Address already in use"
        if (output.contains("Address already in use")) {
            return new PortTakenException(server + ": port " + server.port() + " already in use");
        }
        return new SandboxException(server + ": exited with code " + process.exitValue()
                + " before answering PING" + LogTail.describe(server.logFile()));
    }
}
