package io.vigil.sandbox;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code redis-server} or {@code redis-sentinel} process: its directory, config file, log and
 * port, which outlive the process so that {@link #start} can bring it back after a kill. Its output
 * and its {@code logfile} go to the same file, so a config error printed before the log opens is
 * still in {@link #logFile()}.
 */
final class ServerProcess {

    static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(10);
    static final Duration POLL_INTERVAL = Duration.ofMillis(25);
    /** Per-PING timeout while waiting; short so that a dead start is noticed quickly. */
    static final Duration PING_TIMEOUT = Duration.ofMillis(500);

    // INFO server: "process_id:<pid>\r\n"
    private static final Pattern PROCESS_ID = Pattern.compile("process_id:(\\d+)");

    private final String name;
    private final boolean sentinel;
    private final Path dir;
    private final int port;
    /** The {@code requirepass} of the config, sent as AUTH before every call; null when none. */
    private final String password;
    /** The running process, or the last one after it exited; null before the first start. */
    private volatile Process process;
    /** Set when the sandbox closes; a retired process is never started again. */
    private volatile boolean retired;

    ServerProcess(String name, boolean sentinel, Path dir, int port, String password) {
        this.name = name;
        this.sentinel = sentinel;
        this.dir = dir;
        this.port = port;
        this.password = password;
    }

    String name() {
        return name;
    }

    int port() {
        return port;
    }

    Path dir() {
        return dir;
    }

    Path configFile() {
        return dir.resolve(sentinel ? "sentinel.conf" : "redis.conf");
    }

    Path logFile() {
        return dir.resolve(sentinel ? "sentinel.log" : "redis.log");
    }

    String password() {
        return password;
    }

    long pid() {
        Process p = process;
        return p == null ? -1 : p.pid();
    }

    boolean isAlive() {
        Process p = process;
        return p != null && p.isAlive();
    }

    /**
     * Starts the process from its config file and returns once it answers {@code PING} on its own
     * port. Throws {@link PortTakenException} when another process holds the port.
     */
    synchronized void start(Duration timeout) {
        if (isAlive()) {
            throw new IllegalStateException(name + ": already running as pid " + pid());
        }
        if (retired) {
            throw new IllegalStateException(name + ": its sandbox is closed");
        }
        long logStart = LogTail.size(logFile());
        List<String> command = sentinel
                ? Binaries.sentinelCommand(configFile()) : Binaries.redisCommand(configFile());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()));
        try {
            process = builder.start();
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new SandboxException(name + ": could not run " + command, e);
        }
        try {
            new Readiness(this, logStart).await(timeout);
        } catch (RuntimeException e) {
            killQuietly();
            throw e;
        }
        if (retired) { // the sandbox closed while this start was waiting
            killQuietly();
            throw new IllegalStateException(name + ": its sandbox closed during the start");
        }
    }

    /** Sends {@code SIGKILL} and waits for the process to be gone. */
    void kill() {
        Process p = process;
        if (p != null) {
            p.destroyForcibly();
            awaitExit(p, "SIGKILL");
        }
    }

    /** Sends {@code SIGTERM}, and {@code SIGCONT} so a paused process acts on it, then waits. */
    void stop() {
        Process p = process;
        if (p == null || !p.isAlive()) {
            return;
        }
        p.destroy();
        try {
            Signals.send(p.pid(), Signals.CONT);
        } catch (SandboxException e) {
            if (p.isAlive()) {
                throw e;
            } // else it exited between the two signals, as it should
        }
        awaitExit(p, "SIGTERM");
    }

    void pause() {
        Signals.send(runningPid(), Signals.STOP);
    }

    void resume() {
        Signals.send(runningPid(), Signals.CONT);
    }

    /** Kills the process for good: {@link #start} refuses to run it again. */
    void retire() {
        retired = true;
        killQuietly();
    }

    /** For shutdown paths: kills without throwing, so one stuck process cannot keep others alive. */
    void killQuietly() {
        try {
            kill();
        } catch (RuntimeException ignored) {
            // close() goes on with the next process; the pid stays visible in toString()
        }
    }

    /** Sends one command with the default timeout; the reply rendered as {@link RespClient} says. */
    String call(Duration timeout, String... args) throws IOException {
        return RespClient.call(SandboxNode.HOST, port, password, timeout, args);
    }

    /** The pid named by {@code INFO server}, which tells our process from one that raced for the port. */
    long answeringPid() throws IOException {
        String info = call(PING_TIMEOUT, "INFO", "server");
        Matcher m = PROCESS_ID.matcher(info == null ? "" : info);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    Process process() {
        return process;
    }

    private long runningPid() {
        Process p = process;
        if (p == null || !p.isAlive()) {
            throw new IllegalStateException(name + ": not running");
        }
        return p.pid();
    }

    private void awaitExit(Process p, String signal) {
        try {
            if (p.waitFor(DEFAULT_STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
            p.destroyForcibly();
            p.waitFor(DEFAULT_STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
        throw new SandboxException(name + ": pid " + p.pid() + " did not exit within "
                + DEFAULT_STOP_TIMEOUT + " of " + signal + "; sent SIGKILL" + LogTail.describe(logFile()));
    }

    @Override
    public String toString() {
        return name + " " + SandboxNode.HOST + ":" + port + " pid " + pid();
    }
}
