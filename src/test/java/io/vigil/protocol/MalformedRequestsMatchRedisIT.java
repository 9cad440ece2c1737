package io.vigil.protocol;

import io.vigil.protocol.MalformedRequestTable.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replays malformed-requests.tsv against the real redis-server, so the table (and with it
 * {@link MalformedRequestsTest}) stays true to Redis: each row must get exactly its error, then EOF.
 */
class MalformedRequestsMatchRedisIT {

    private static final String LOOPBACK = "127.0.0.1";
    private static final int TIMEOUT_MS = 10_000;

    private static Process open;
    private static Process withPassword;
    private static int openPort;
    private static int passwordPort;

    @BeforeAll
    static void startRedis() throws Exception {
        openPort = freePort();
        passwordPort = freePort();
        open = start(openPort);
        withPassword = start(passwordPort, "--requirepass", "secret");
    }

    @AfterAll
    static void stopRedis() throws InterruptedException {
        for (Process p : new Process[] {open, withPassword}) {
            if (p != null) {
                p.destroy();
                p.waitFor();
            }
        }
    }

    static List<Row> rows() {
        return MalformedRequestTable.load();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void redisAnswersEachRowWithItsErrorAndCloses(Row row) throws IOException {
        int port = row.needsUnauthenticatedClient() ? passwordPort : openPort;

        byte[] reply = exchange(port, row.input());

        assertThat(CEscapes.encode(reply)).isEqualTo(CEscapes.encode(row.expectedReply()));
    }

    /** Sends all of input, then reads until Redis closes the connection. */
    private static byte[] exchange(int port, byte[] input) throws IOException {
        try (Socket socket = new Socket(LOOPBACK, port)) {
            socket.setSoTimeout(TIMEOUT_MS);
            try {
                socket.getOutputStream().write(input);
                socket.getOutputStream().flush();
            } catch (SocketException closedEarly) {
                // Redis may close once it has seen enough of a too-long line; its reply is queued.
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buf = new byte[4096];
            try {
                for (int n; (n = in.read(buf)) >= 0; ) {
                    out.write(buf, 0, n);
                }
            } catch (SocketException reset) {
                // A reset after the reply: Redis closed with our unread bytes in its buffer.
            }
            return out.toByteArray();
        }
    }

    private static Process start(int port, String... extra) throws Exception {
        Path dir = Files.createTempDirectory("vigil-protocol-it");
        List<String> command = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port),
                "--bind", LOOPBACK, "--save", "", "--appendonly", "no", "--dir", dir.toString()));
        command.addAll(List.of(extra));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile()).start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            try (Socket probe = new Socket(InetAddress.getByName(LOOPBACK), port)) {
                return process;
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.destroy();
                    throw new IllegalStateException("redis-server did not start on port " + port, notYet);
                }
                Thread.sleep(20);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return socket.getLocalPort();
        }
    }
}
