package io.vigil.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * {@code SIGSTOP} and {@code SIGCONT}, which {@link ProcessHandle} cannot send, through the
 * {@code kill} command. Each call returns once {@code /proc/<pid>/stat} shows the new state, so a
 * test that pauses a node can rely on it being stopped when {@code pause()} returns.
 */
final class Signals {

    static final String STOP = "STOP";
    static final String CONT = "CONT";
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration POLL = Duration.ofMillis(5);

    private Signals() {
    }

    static void send(long pid, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
                    .redirectErrorStream(true).start();
            if (!kill.waitFor(DEFAULT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                kill.destroyForcibly();
                throw new SandboxException("kill -" + signal + " " + pid + ": did not finish");
            }
            if (kill.exitValue() != 0) {
                String output = new String(kill.getInputStream().readAllBytes()).trim();
                throw new SandboxException("kill -" + signal + " " + pid + ": " + output);
            }
        } catch (IOException e) {
            throw new SandboxException("kill -" + signal + " " + pid + ": could not run kill", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException("kill -" + signal + " " + pid + ": interrupted", e);
        }
        awaitState(pid, signal.equals(STOP));
    }

    // /proc/<pid>/stat: "<pid> (<comm>) <state> ..."; state T means stopped by a signal
    private static void awaitState(long pid, boolean stopped) {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        long deadline = System.nanoTime() + DEFAULT_TIMEOUT.toNanos();
        while (System.nanoTime() - deadline < 0) {
            String text;
            try {
                text = Files.readString(stat);
            } catch (IOException e) {
                return; // gone, or no /proc: nothing more to wait for
            }
            char state = text.charAt(text.lastIndexOf(')') + 2);
            if ((state == 'T') == stopped) {
                return;
            }
            sleep(POLL);
        }
        throw new SandboxException("pid " + pid + ": still " + (stopped ? "running" : "stopped")
                + " " + DEFAULT_TIMEOUT + " after the signal");
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException("interrupted while waiting", e);
        }
    }
}
