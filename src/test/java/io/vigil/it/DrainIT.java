package io.vigil.it;

import io.vigil.sandbox.RedisNode;
import io.vigil.sandbox.Sandbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The graceful stop of a vigil process: SIGTERM stops the listener, closes idle clients and
 * pipelining ones between their batches, lets a transaction reach its EXEC, and exits; a second
 * signal exits at once; shutdown_timeout ends a client that never finishes. SIGHUP reopens the log.
 */
class DrainIT {

    static final Sandbox sandbox = new Sandbox();
    static RedisNode redis;

    @BeforeAll
    static void start() {
        redis = sandbox.startRedis();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void aTransactionFinishesItsExecAndNoAcknowledgedWriteIsLost() throws Exception {
        Path dir = Files.createTempDirectory(sandbox.dir(), "drain-");
        int port = NutcrackerCompatibilityIT.freePort();
        try (ProxyProcess vigil = start(dir, port, 60_000)) {
            Path log = dir.resolve("vigil.log");
            Files.move(log, dir.resolve("vigil.log.1"));
            vigil.signal("HUP"); // reopens the log file at its path, as nutcracker does, and reloads
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(log)
                    && Files.readString(log).contains("reload applied"));

            Socket tx = client(port);
            send(tx, "MULTI", "SET", "tx:1", "a");
            assertThat(RespText.read(tx.getInputStream())).isEqualTo("+OK");
            assertThat(RespText.read(tx.getInputStream())).isEqualTo("+QUEUED");
            Socket idle = client(port);
            try (PipelineLoad load = new PipelineLoad("drained", port, true, Map.of())) {
                await().atMost(Duration.ofSeconds(30)).until(() -> load.rounds.get() >= 20);

                vigil.signal("TERM");
                await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                        .until(() -> refused(port));
                await().atMost(Duration.ofSeconds(30)).until(() -> !load.alive());
                assertThat(closedByPeer(idle)).isTrue();
                assertThat(load.errors).isEmpty();
                assertThat(vigil.isAlive()).as("the transaction holds the drain").isTrue();

                send(tx, "SET", "tx:2", "b");
                assertThat(RespText.read(tx.getInputStream())).isEqualTo("+QUEUED");
                send(tx, "EXEC");
                assertThat(RespText.read(tx.getInputStream())).isEqualTo("*2");
                assertThat(closedByPeer(tx)).as("closed once its transaction ended").isTrue();
                assertThat(vigil.exitCode(Duration.ofSeconds(30))).isZero();

                try (Jedis direct = new Jedis("127.0.0.1", redis.port(), 10_000)) {
                    assertThat(direct.mget("tx:1", "tx:2")).containsExactly("a", "b");
                    assertThat(load.acknowledged).isNotEmpty();
                    for (String key : load.acknowledged) {
                        assertThat(direct.get(key)).as(key).isEqualTo(key);
                    }
                }
            }
        }
    }

    @Test
    void aSecondSignalExitsAtOnce() throws Exception {
        Path dir = Files.createTempDirectory(sandbox.dir(), "drain-");
        int port = NutcrackerCompatibilityIT.freePort();
        try (ProxyProcess vigil = start(dir, port, 600_000)) {
            Socket tx = client(port);
            send(tx, "MULTI");
            assertThat(RespText.read(tx.getInputStream())).isEqualTo("+OK");
            vigil.signal("INT");
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> refused(port));
            assertThat(vigil.isAlive()).as("the transaction holds the drain").isTrue();
            vigil.signal("TERM");
            assertThat(vigil.exitCode(Duration.ofSeconds(30))).isEqualTo(1);
        }
    }

    @Test
    void shutdownTimeoutEndsAClientThatNeverFinishes() throws Exception {
        Path dir = Files.createTempDirectory(sandbox.dir(), "drain-");
        int port = NutcrackerCompatibilityIT.freePort();
        try (ProxyProcess vigil = start(dir, port, 500)) {
            Socket tx = client(port);
            send(tx, "MULTI", "SET", "never:1", "x");
            assertThat(RespText.read(tx.getInputStream())).isEqualTo("+OK");
            assertThat(RespText.read(tx.getInputStream())).isEqualTo("+QUEUED");
            vigil.signal("TERM");
            assertThat(vigil.exitCode(Duration.ofSeconds(60))).isZero();
            assertThat(closedByPeer(tx)).isTrue();
            try (Jedis direct = new Jedis("127.0.0.1", redis.port(), 10_000)) {
                assertThat(direct.exists("never:1")).as("a transaction without EXEC never runs").isFalse();
            }
        }
    }

    private static ProxyProcess start(Path dir, int port, long shutdownMillis) throws Exception {
        Path conf = dir.resolve("vigil.yml");
        Files.writeString(conf, "drain:\n  listen: 127.0.0.1:" + port + "\n  redis: true\n  shutdown_timeout: "
                + shutdownMillis + "\n  servers:\n   - 127.0.0.1:" + redis.port() + ":1 one\n");
        ProxyProcess vigil = ProxyProcess.vigil(conf, dir);
        vigil.awaitServing(List.of(port));
        return vigil;
    }

    private static Socket client(int port) throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(30_000);
        return s;
    }

    private static boolean refused(int port) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return false;
        } catch (ConnectException e) {
            return true;
        }
    }

    /** Sends one command per group: every argument as a bulk string; a new command starts at each upper-case word. */
    private static void send(Socket s, String... words) throws IOException {
        StringBuilder out = new StringBuilder();
        int start = 0;
        for (int i = 1; i <= words.length; i++) {
            if (i == words.length || (words[i].equals(words[i].toUpperCase()) && words[i].chars().allMatch(Character::isLetter))) {
                out.append('*').append(i - start).append("\r\n");
                for (int j = start; j < i; j++) {
                    out.append('$').append(words[j].length()).append("\r\n").append(words[j]).append("\r\n");
                }
                start = i;
            }
        }
        s.getOutputStream().write(out.toString().getBytes(StandardCharsets.UTF_8));
        s.getOutputStream().flush();
    }

    /** True when the peer closed the connection (end of stream) within the socket's timeout. */
    private static boolean closedByPeer(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        try {
            return in.read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) { // reset by peer
            return true;
        }
    }
}
