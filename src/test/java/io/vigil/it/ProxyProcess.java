package io.vigil.it;

import redis.clients.jedis.Jedis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/** nutcracker or vigil, started with nutcracker's flags in a process of its own, and killed by its pid. */
final class ProxyProcess implements AutoCloseable {

    record Result(int code, String output) {
    }

    private final Process process;
    private final String name;
    private final Path output;

    private ProxyProcess(String name, List<String> command, Path output) throws IOException {
        this.name = name;
        this.output = output;
        this.process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    }

    /**
     * {@code nutcracker -c FILE -s PORT -a 127.0.0.1 -o LOG -p PIDFILE} in the foreground. (nutcracker
     * 0.5 writes the pid file only with {@code -d}, as observed; the process is ours, so its pid is known.)
     */
    static ProxyProcess nutcracker(Path conf, Path dir) throws IOException {
        return new ProxyProcess("nutcracker", List.of(NutcrackerCompatibilityIT.NUTCRACKER, "-c", conf.toString(), "-s", Integer.toString(NutcrackerCompatibilityIT.freePort()),
                "-a", "127.0.0.1", "-o", dir.resolve("nutcracker.log").toString(),
                "-p", dir.resolve("nutcracker.pid").toString()), dir.resolve("nutcracker.out"));
    }

    /** {@code vigil} with the same flags, plus {@code -v 6}, in a JVM with this test's classpath. */
    static ProxyProcess vigil(Path conf, Path dir) throws IOException {
        return new ProxyProcess("vigil", vigilCommand("-c", conf.toString(), "-s", Integer.toString(NutcrackerCompatibilityIT.freePort()),
                "-a", "127.0.0.1", "-o", dir.resolve("vigil.log").toString(),
                "-p", dir.resolve("vigil.pid").toString(), "-v", "6"), dir.resolve("vigil.out"));
    }

    static List<String> vigilCommand(String... args) {
        return vigilCommand(List.of(), args);
    }

    /** {@code java <jvmOptions> -cp <this test's classpath> io.vigil.cli.Main <args>}. */
    static List<String> vigilCommand(List<String> jvmOptions, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.vigil.cli.Main"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Any command, its output to {@code output}. */
    static ProxyProcess start(String name, List<String> command, Path output) throws IOException {
        return new ProxyProcess(name, command, output);
    }

    /** Runs a command to its end: its exit code and everything it printed. */
    static Result run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not exit");
        }
        return new Result(p.exitValue(), out);
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Sends the signal {@code name} (HUP, TERM, INT) to the process, by pid. */
    void signal(String name) throws IOException, InterruptedException {
        Result r = run(List.of("kill", "-" + name, Long.toString(process.pid())));
        if (r.code() != 0) {
            throw new AssertionError("kill -" + name + " failed: " + r.output());
        }
    }

    /** The exit status once the process has exited, waiting up to {@code within}; null if it still runs. */
    Integer exitCode(Duration within) throws InterruptedException {
        return process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : null;
    }

    /** Waits until every port answers PING with PONG, failing early if the process has exited. */
    void awaitServing(Iterable<Integer> ports) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
            if (!process.isAlive()) {
                return true;
            }
            for (int port : ports) {
                try (Jedis j = NutcrackerCompatibilityIT.proxyClient(port)) {
                    if (!"PONG".equals(j.ping())) {
                        return false;
                    }
                }
            }
            return true;
        });
        if (!process.isAlive()) {
            throw new AssertionError(name + " exited with " + process.exitValue() + ": " + readQuietly(output)
                    + " " + readQuietly(output.resolveSibling(name + ".log")));
        }
    }

    @Override
    public void close() throws InterruptedException {
        ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroy); // SIGTERM, by pid
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
