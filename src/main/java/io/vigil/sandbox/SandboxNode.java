package io.vigil.sandbox;

import io.vigil.config.Endpoint;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

/**
 * A process a {@link Sandbox} started, with the controls that inject faults into it. Every control
 * acts on the process id and returns once the process is in the new state. The port, directory and
 * config file stay the same across {@link #restart()}; the pid does not.
 */
public abstract sealed class SandboxNode permits RedisNode, SentinelNode {

    /** Every sandboxed process binds this address and nothing else. */
    public static final String HOST = "127.0.0.1";
    public static final Duration DEFAULT_CALL_TIMEOUT = RespClient.DEFAULT_TIMEOUT;

    private final ServerProcess process;

    SandboxNode(ServerProcess process) {
        this.process = process;
    }

    public String host() {
        return HOST;
    }

    public int port() {
        return process.port();
    }

    public Endpoint endpoint() {
        return new Endpoint(HOST, process.port());
    }

    /** The pid of the current process, or of the last one once it has exited. */
    public long pid() {
        return process.pid();
    }

    public Path dir() {
        return process.dir();
    }

    /** The config file; Sentinel, and Redis on {@code CONFIG REWRITE}, rewrite it in place. */
    public Path configFile() {
        return process.configFile();
    }

    /** The server's {@code logfile}, which also holds anything it printed to stdout or stderr. */
    public Path logFile() {
        return process.logFile();
    }

    /** {@code SIGKILL}; returns once the process is gone. */
    public void kill() {
        process.kill();
    }

    /** {@code SIGTERM}, which exits at once without saving; returns once the process is gone. */
    public void stop() {
        process.stop();
    }

    /** {@code SIGSTOP}: the process keeps its sockets open but answers nothing. */
    public void pause() {
        process.pause();
    }

    /** {@code SIGCONT} after {@link #pause()}. */
    public void resume() {
        process.resume();
    }

    /**
     * Starts the process again on the same port, with the same config file and directory, and
     * returns once it answers {@code PING}. A node still running is stopped first.
     */
    public void restart() {
        process.stop();
        process.start(Sandbox.DEFAULT_START_TIMEOUT);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Sends one command on a new connection and returns the reply as text: a simple or bulk string
     * as itself, an integer as its digits, an error as {@code "-ERR ..."}, an array as one line per
     * element (nested arrays flattened, nil elements as empty lines), and a nil reply as null.
     * Authenticates first when the config has {@code requirepass}. Times out after 2 s. For tests
     * and the demo only.
     *
     * @throws SandboxException when the node cannot be reached or does not answer in time
     */
    public String call(String... args) {
        try {
            return process.call(DEFAULT_CALL_TIMEOUT, args);
        } catch (IOException e) {
            throw new SandboxException(this + ": " + Arrays.toString(args) + " failed: " + e, e);
        }
    }

    ServerProcess process() {
        return process;
    }

    @Override
    public String toString() {
        return process.toString();
    }
}
