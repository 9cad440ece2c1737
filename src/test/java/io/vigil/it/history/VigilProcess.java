package io.vigil.it.history;

import redis.clients.jedis.Jedis;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * Vigil in a JVM of its own ({@code io.vigil.cli.Main -c FILE} with this test's classpath), so that
 * a restart is what it is in production: the process ends, the kernel closes its sockets, a new
 * process binds the same port. Stopped by pid.
 */
final class VigilProcess implements AutoCloseable {

    private final Path config;
    private final Path log;
    private final int port;
    private Process process;

    VigilProcess(Path dir, String yamlWithoutListen) throws IOException {
        this.port = freePort();
        this.config = dir.resolve("vigil.yml");
        this.log = dir.resolve("vigil.out");
        Files.writeString(config, yamlWithoutListen.replace("listen: 127.0.0.1:0", "listen: 127.0.0.1:" + port));
        start();
    }

    int port() {
        return port;
    }

    void start() throws IOException {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), "io.vigil.cli.Main", "-c", config.toString());
        process = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).ignoreExceptions().until(() -> {
            if (!process.isAlive()) {
                throw new AssertionError("vigil exited: " + Files.readString(log));
            }
            try (Jedis j = new Jedis("127.0.0.1", port, 2000)) {
                return "PONG".equals(j.ping());
            }
        });
    }

    /** SIGTERM by pid, as a service manager's restart sends, and waits for the exit. */
    void stop() throws InterruptedException {
        ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroy);
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            stop();
        }
    }
}
