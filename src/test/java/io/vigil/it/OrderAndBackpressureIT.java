package io.vigil.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Reply order across locally answered and forwarded commands, and flow control for a slow reader. */
class OrderAndBackpressureIT {

    static VigilFixture vigil;

    @BeforeAll
    static void start() throws Exception {
        vigil = VigilFixture.start();
    }

    @AfterAll
    static void stop() {
        vigil.close();
    }

    @Test
    void localAndForwardedRepliesLeaveInRequestOrder() throws Exception {
        String pipeline = "PING\r\nSET order 1\r\nECHO x\r\nGET order\r\nCLIENT GETNAME\r\nINCR order\r\n"
                + "PING hi\r\nMULTI\r\nINCR order\r\nPING\r\nEXEC\r\nGET order\r\n";
        String expected = "+PONG\r\n+OK\r\n$1\r\nx\r\n$1\r\n1\r\n$-1\r\n:2\r\n$2\r\nhi\r\n+OK\r\n+QUEUED\r\n"
                + "+QUEUED\r\n*2\r\n:3\r\n+PONG\r\n$1\r\n3\r\n";
        try (Socket s = new Socket("127.0.0.1", vigil.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(pipeline.getBytes(StandardCharsets.US_ASCII));
            byte[] got = new DataInputStream(s.getInputStream()).readNBytes(expected.length());
            assertThat(new String(got, StandardCharsets.US_ASCII)).isEqualTo(expected);
        }
    }

    @Test
    void aClientThatStopsReadingIsThrottledWhileOthersCarryOn() throws Exception {
        int keys = 100;
        int valueSize = 10_000;
        int requests = 20_000;
        try (Jedis setup = vigil.jedis()) {
            for (int k = 0; k < keys; k++) {
                setup.set(("big:" + k).getBytes(), value(k, valueSize));
            }
        }
        long getsBefore = getCalls();
        try (Socket slow = new Socket("127.0.0.1", vigil.port())) {
            slow.setSoTimeout(60_000);
            OutputStream out = slow.getOutputStream();
            CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
                try {
                    ByteArrayOutputStream all = new ByteArrayOutputStream();
                    for (int i = 0; i < requests; i++) {
                        all.write(("GET big:" + (i % keys) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    }
                    out.write(all.toByteArray());
                    out.flush();
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            // the slow client reads nothing: Vigil stops forwarding its requests once its output backs up
            await().atMost(30, TimeUnit.SECONDS).pollDelay(Duration.ofMillis(300))
                    .until(() -> getCalls() - getsBefore, n -> n > 0);
            await().atMost(30, TimeUnit.SECONDS).during(Duration.ofMillis(700))
                    .until(() -> getCalls() - getsBefore, n -> n < requests);
            // meanwhile another client of the same proxy is served as usual
            try (Jedis other = vigil.jedis()) {
                assertThat(other.set("other", "fine")).isEqualTo("OK");
                assertThat(other.get("other")).isEqualTo("fine");
            }
            // once it reads, every reply arrives, complete and in order
            InputStream in = new BufferedInputStream(slow.getInputStream(), 1 << 16);
            for (int i = 0; i < requests; i++) {
                assertThat(readBulk(in)).as("reply %d", i).isEqualTo(value(i % keys, valueSize));
            }
            sent.get(30, TimeUnit.SECONDS);
        }
    }

    private static byte[] value(int k, int size) {
        byte[] v = new byte[size];
        Arrays.fill(v, (byte) ('a' + k % 26));
        byte[] tag = Integer.toString(k).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(tag, 0, v, 0, tag.length);
        return v;
    }

    // $<len>\r\n<bytes>\r\n
    private static byte[] readBulk(InputStream in) throws IOException {
        StringBuilder header = new StringBuilder();
        int b;
        while ((b = in.read()) != '\r') {
            header.append((char) b);
        }
        in.read();
        assertThat(header.charAt(0)).isEqualTo('$');
        int len = Integer.parseInt(header.substring(1));
        byte[] v = in.readNBytes(len);
        in.readNBytes(2);
        return v;
    }

    private static long getCalls() {
        try (Jedis direct = vigil.direct()) {
            for (String line : direct.info("commandstats").split("\r\n")) {
                if (line.startsWith("cmdstat_get:calls=")) {
                    return Long.parseLong(line.substring("cmdstat_get:calls=".length(), line.indexOf(',')));
                }
            }
        }
        return 0;
    }
}
