package io.vigil.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * A real {@code nutcracker} (Debian package nutcracker, 0.5.0) on free 127.0.0.1 ports, run in the
 * foreground so that {@link #close()} stops it by its own pid. It starts in milliseconds.
 */
final class NutcrackerProcess implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/sbin/nutcracker");
    static final String HOST = "127.0.0.1";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    private static final int ATTEMPTS = 3;
    private static final int REPLY_TIMEOUT_MILLIS = 30_000;
    private static final byte[] OK = "+OK\r\n".getBytes(StandardCharsets.US_ASCII);

    private final Process process;
    private final int port;
    private final Path log;
    private final String yaml;

    private NutcrackerProcess(Process process, int port, Path log, String yaml) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.yaml = yaml;
    }

    /**
     * Writes {@code yamlForPort.apply(listenPort)} to {@code dir/nutcracker.yml}, starts nutcracker
     * on it and returns once it accepts connections. A start that loses its port to another process
     * is tried again on new ports.
     */
    static NutcrackerProcess start(Path dir, IntFunction<String> yamlForPort) throws Exception {
        String failure = "";
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            int port = freePort();
            String yaml = yamlForPort.apply(port);
            Path conf = Files.writeString(dir.resolve("nutcracker.yml"), yaml);
            Path log = dir.resolve("nutcracker-" + attempt + ".log");
            Process process = new ProcessBuilder(BINARY.toString(), "-c", conf.toString(),
                    "-s", String.valueOf(freePort()), "-a", HOST, "-o", log.toString(),
                    "-p", dir.resolve("nutcracker.pid").toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("nutcracker.out").toFile()).start();
            NutcrackerProcess nutcracker = new NutcrackerProcess(process, port, log, yaml);
            if (nutcracker.awaitListening()) {
                return nutcracker;
            }
            nutcracker.close();
            failure = Files.exists(log) ? Files.readString(log) : "(no log)";
        }
        throw new IllegalStateException("nutcracker did not start in " + ATTEMPTS + " attempts; last log:\n" + failure);
    }

    int port() {
        return port;
    }

    String yaml() {
        return yaml;
    }

    /** Sends {@code SET key 1} for every key in one pipeline and checks that each got {@code +OK}. */
    void setAll(List<byte[]> keys) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), REPLY_TIMEOUT_MILLIS);
            socket.setSoTimeout(REPLY_TIMEOUT_MILLIS);
            // Replies are 5 bytes each and fit the socket buffers, so writing everything before
            // reading cannot stall.
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
            for (byte[] key : keys) {
                // *3\r\n$3\r\nSET\r\n$<len>\r\n<key>\r\n$1\r\n1\r\n
                out.write(("*3\r\n$3\r\nSET\r\n$" + key.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(key);
                out.write("\r\n$1\r\n1\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] replies = in.readNBytes(OK.length * keys.size());
            byte[] expected = new byte[OK.length * keys.size()];
            for (int i = 0; i < keys.size(); i++) {
                System.arraycopy(OK, 0, expected, i * OK.length, OK.length);
            }
            assertThat(new String(replies, StandardCharsets.ISO_8859_1)).as("nutcracker's replies to %d SETs", keys.size())
                    .isEqualTo(new String(expected, StandardCharsets.ISO_8859_1));
        }
    }

    /** Stops nutcracker with SIGTERM to its pid, then SIGKILL if it lingers. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private boolean awaitListening() throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress(HOST, port), 200);
                return true;
            } catch (IOException notYet) {
                Thread.sleep(10);
            }
        }
        return false;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        }
    }

    @Override
    public String toString() {
        return "nutcracker pid " + process.pid() + " on " + HOST + ":" + port + " (log " + log + ")";
    }
}
