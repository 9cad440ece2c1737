package io.vigil.it;

import io.vigil.protocol.MalformedRequestTable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.Jedis;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis's malformed-input table replayed against Vigil: each case gets Redis's own error, only
 * that connection closes, and another client of the same proxy keeps working throughout.
 */
class MalformedInputIT {

    static final String PASSWORD = "pw";
    static VigilFixture vigil;
    static Jedis bystander;
    static int round;

    @BeforeAll
    static void start() throws Exception {
        vigil = VigilFixture.start("  client_auth: " + PASSWORD + "\n");
        bystander = vigil.jedis();
        bystander.auth(PASSWORD);
    }

    @AfterAll
    static void stop() {
        bystander.close();
        vigil.close();
    }

    static List<MalformedRequestTable.Row> rows() {
        return MalformedRequestTable.load();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void malformedInputGetsRedisErrorAndClosesOnlyThatConnection(MalformedRequestTable.Row row) throws Exception {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", vigil.port()), 5000);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            if (!row.needsUnauthenticatedClient()) {
                out.write(("AUTH " + PASSWORD + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertThat(readLine(in)).isEqualTo("+OK");
            }
            try {
                out.write(row.input());
                out.flush();
            } catch (SocketException closedEarly) {
                // Vigil may close while a long input is still being sent; the reply is still readable
            }
            byte[] reply = readUntilClosed(in);
            assertThat(new String(reply, StandardCharsets.ISO_8859_1))
                    .isEqualTo(new String(row.expectedReply(), StandardCharsets.ISO_8859_1));
        }
        // the other client never noticed
        String key = "bystander:" + round++;
        assertThat(bystander.set(key, "still-here")).isEqualTo("OK");
        assertThat(bystander.get(key)).isEqualTo("still-here");
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    /** Everything the server sends until it closes the connection (the test fails on a hang). */
    private static byte[] readUntilClosed(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        try {
            int n;
            while ((n = in.read(buf)) != -1) {
                all.write(buf, 0, n);
            }
        } catch (SocketTimeoutException hang) {
            throw new AssertionError("connection not closed after the error; got: "
                    + all.toString(StandardCharsets.ISO_8859_1), hang);
        } catch (SocketException reset) {
            // a reset after the error line is still a close
        }
        return all.toByteArray();
    }
}
