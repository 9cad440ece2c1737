package io.vigil.it;

import io.vigil.sandbox.RedisNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * State a client changes (its db above all) applies to the very next request, even when that
 * request arrived in the same read and the change is not answered yet. Every case sends the same
 * bytes in one write to a fresh redis-server and through Vigil to another, and compares the reply
 * bytes and where the keys landed.
 */
class PipelinedStateIT {

    static VigilFixture vigil;
    static RedisNode reference;

    @BeforeAll
    static void start() throws Exception {
        vigil = VigilFixture.startOnOneLoop();
        reference = vigil.sandbox.startRedis();
    }

    @AfterAll
    static void stop() {
        vigil.close();
    }

    @BeforeEach
    void flush() {
        vigil.master.call("FLUSHALL");
        reference.call("FLUSHALL");
    }

    @Test
    void aSetPipelinedAfterSelectLandsInTheSelectedDb() throws IOException {
        String stream = resp("SELECT", "9") + resp("SET", "selk", "v9") + resp("SELECT", "0") + resp("GET", "selk");
        assertSameRepliesAndData(stream, "selk");
        assertThat(new String(send(vigil.port(), stream), StandardCharsets.US_ASCII)).isEqualTo("+OK\r\n+OK\r\n+OK\r\n$-1\r\n");
    }

    @Test
    void fiveThousandIncrsAfterSelectInOneWriteAllRunInTheSelectedDb() throws IOException {
        StringBuilder stream = new StringBuilder(resp("SELECT", "9"));
        for (int i = 0; i < 5000; i++) {
            stream.append(resp("INCR", "c5"));
        }
        assertSameRepliesAndData(stream.toString(), "c5");
        try (Jedis direct = vigil.direct()) {
            direct.select(9);
            assertThat(direct.get("c5")).isEqualTo("5000");
        }
    }

    @Test
    void aFailedSelectLeavesTheFollowingCommandsInTheOldDb() throws IOException {
        String stream = resp("SELECT", "3") + resp("SET", "a", "3") + resp("SELECT", "99") + resp("SET", "b", "still3")
                + resp("SELECT", "x") + resp("SET", "c", "still3") + resp("SELECT", "0") + resp("MGET", "a", "b", "c");
        assertSameRepliesAndData(stream, "a", "b", "c");
    }

    @Test
    void selectInsideATransactionTakesEffectAtExecOnly() throws IOException {
        String stream = resp("MULTI") + resp("SELECT", "4") + resp("SET", "t", "in4") + resp("EXEC")
                + resp("SET", "after", "in4") + resp("MULTI") + resp("SELECT", "5") + resp("DISCARD") + resp("SET", "d", "in4")
                + resp("MULTI") + resp("SELECT", "99") + resp("SET", "bad", "in4") + resp("EXEC") + resp("GET", "bad")
                + resp("WATCH", "w") + resp("SET", "w", "1") + resp("MULTI") + resp("SELECT", "6") + resp("EXEC")
                + resp("SET", "afterwatch", "in4");
        assertSameRepliesAndData(stream, "t", "after", "d", "bad", "w", "afterwatch");
    }

    @Test
    void otherClientsOnTheSharedConnectionKeepTheirDbs() throws Exception {
        StringBuilder a = new StringBuilder();
        StringBuilder b = new StringBuilder(resp("SELECT", "2"));
        for (int i = 0; i < 2000; i++) {
            a.append(resp("SELECT", Integer.toString(i % 3 == 0 ? 7 : 8))).append(resp("INCR", "a"));
            b.append(resp("INCR", "b"));
        }
        Thread other = new Thread(() -> {
            try {
                send(vigil.port(), b.toString());
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        other.start();
        send(vigil.port(), a.toString());
        other.join();
        try (Jedis direct = vigil.direct()) {
            direct.select(7);
            assertThat(direct.get("a")).isEqualTo("667");
            direct.select(8);
            assertThat(direct.get("a")).isEqualTo("1333");
            direct.select(2);
            assertThat(direct.get("b")).isEqualTo("2000");
            assertThat(direct.keys("*")).containsExactly("b");
        }
    }

    @Test
    void redisCliPipeWithASelectFirstPutsEveryKeyInThatDb() throws Exception {
        StringBuilder file = new StringBuilder(resp("SELECT", "9"));
        for (int i = 0; i < 1000; i++) {
            file.append(resp("INCR", "pipe")).append(resp("SET", "p:" + i, Integer.toString(i)));
        }
        Path path = vigil.sandbox.dir().resolve("pipe.txt");
        Files.writeString(path, file);
        Process cli = new ProcessBuilder("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(vigil.port()), "--pipe")
                .redirectInput(path.toFile()).redirectErrorStream(true).start();
        String out = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(cli.waitFor()).isZero();
        assertThat(out).contains("errors: 0, replies: 2001");
        try (Jedis direct = vigil.direct()) {
            assertThat(direct.dbSize()).isZero();
            direct.select(9);
            assertThat(direct.get("pipe")).isEqualTo("1000");
            assertThat(direct.dbSize()).isEqualTo(1001);
        }
    }

    /** Sends {@code stream} to the reference Redis and through Vigil: same reply bytes, keys in the same dbs. */
    private static void assertSameRepliesAndData(String stream, String... keys) throws IOException {
        String expected = new String(send(reference.port(), stream), StandardCharsets.UTF_8);
        String actual = new String(send(vigil.port(), stream), StandardCharsets.UTF_8);
        assertThat(actual).isEqualTo(expected);
        assertThat(placement(vigil.master, keys)).isEqualTo(placement(reference, keys));
    }

    /** For each db that holds any of {@code keys}: "db:key=value". */
    private static List<String> placement(RedisNode node, String... keys) {
        List<String> where = new ArrayList<>();
        try (Jedis j = new Jedis("127.0.0.1", node.port())) {
            for (int db = 0; db < 16; db++) {
                j.select(db);
                for (String key : keys) {
                    String v = j.get(key);
                    if (v != null) {
                        where.add(db + ":" + key + "=" + v);
                    }
                }
            }
        }
        return where;
    }

    /** Writes the stream and QUIT in one write, and reads every reply byte until the server closes. */
    static byte[] send(int port, String stream) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            Thread writer = new Thread(() -> {
                try {
                    socket.getOutputStream().write((stream + resp("QUIT")).getBytes(StandardCharsets.UTF_8));
                    socket.getOutputStream().flush();
                } catch (IOException ignored) {
                    // the reader reports what arrived
                }
            });
            writer.start();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream replies = new ByteArrayOutputStream();
            in.transferTo(replies);
            byte[] all = replies.toByteArray();
            // drop QUIT's +OK
            return java.util.Arrays.copyOf(all, all.length - 5);
        }
    }

    static String resp(String... args) {
        StringBuilder b = new StringBuilder("*").append(args.length).append("\r\n");
        for (String a : args) {
            b.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
        }
        return b.toString();
    }
}
