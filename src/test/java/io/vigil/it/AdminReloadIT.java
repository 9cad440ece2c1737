package io.vigil.it;

import io.vigil.sandbox.RedisNode;
import io.vigil.sandbox.Sandbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The admin listener of a vigil process drives the server: {@code POST /reload} applies a changed
 * config file (a pool is added and serves; {@code /topology} shows it) and refuses a broken one
 * (400 with the loader's words, the old config keeps serving); once SIGTERM has begun a drain,
 * {@code /health/ready} answers 503 with {@code draining: true} and a reload is refused, while a
 * transaction still holds the drain open.
 */
class AdminReloadIT {

    static final Sandbox sandbox = new Sandbox();
    static RedisNode redis;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        redis = sandbox.startRedis();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void postReloadAppliesAChangedFileRefusesABrokenOneAndReadyTurnsFalseWhileDraining() throws Exception {
        Path dir = Files.createTempDirectory(sandbox.dir(), "admin-reload-");
        Path conf = dir.resolve("vigil.yml");
        int one = NutcrackerCompatibilityIT.freePort();
        int two = NutcrackerCompatibilityIT.freePort();
        int admin = NutcrackerCompatibilityIT.freePort();
        Files.writeString(conf, pool("one", one));
        try (ProxyProcess vigil = ProxyProcess.start("vigil", ProxyProcess.vigilCommand("-c", conf.toString(),
                "-s", "0", "--admin-port", Integer.toString(admin), "-o", dir.resolve("vigil.log").toString(), "-v", "6"),
                dir.resolve("vigil.out"))) {
            vigil.awaitServing(List.of(one));
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> get(admin, "/health/ready").statusCode() == 200);

            Files.writeString(conf, pool("one", one) + pool("two", two));
            HttpResponse<String> applied = post(admin, "/reload");
            assertThat(applied.statusCode()).as(applied.body()).isEqualTo(200);
            assertThat(applied.body()).contains("added [two]").contains("unchanged [one]");
            try (Jedis added = NutcrackerCompatibilityIT.proxyClient(two)) {
                assertThat(added.set("admin:reload", "applied")).isEqualTo("OK");
            }
            try (Jedis direct = new Jedis("127.0.0.1", redis.port(), 10_000)) {
                assertThat(direct.get("admin:reload")).isEqualTo("applied");
            }
            assertThat(get(admin, "/topology").body()).contains("\"two\"");

            Files.writeString(conf, pool("one", one) + "two:\n  listen: [\n");
            HttpResponse<String> refused = post(admin, "/reload");
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
            assertThat(refused.body()).contains("is invalid");
            try (Jedis kept = NutcrackerCompatibilityIT.proxyClient(two)) {
                assertThat(kept.set("admin:refused", "kept")).isEqualTo("OK");
                assertThat(kept.get("admin:refused")).isEqualTo("kept");
            }

            // a client inside MULTI holds the drain open (shutdown_timeout 60 s) while we look
            try (Socket tx = new Socket("127.0.0.1", one)) {
                tx.setSoTimeout(30_000);
                send(tx, "MULTI");
                assertThat(RespText.read(tx.getInputStream())).isEqualTo("+OK");
                send(tx, "SET", "admin:drain", "exec");
                assertThat(RespText.read(tx.getInputStream())).isEqualTo("+QUEUED");
                assertThat(get(admin, "/health/ready").statusCode()).isEqualTo(200);
                vigil.signal("TERM");
                await().atMost(Duration.ofSeconds(30)).until(() -> get(admin, "/health/ready").statusCode() == 503);
                assertThat(get(admin, "/health/ready").body()).contains("\"draining\":true");
                Files.writeString(conf, pool("one", one));
                HttpResponse<String> whileDraining = post(admin, "/reload");
                assertThat(whileDraining.statusCode()).isEqualTo(400);
                assertThat(whileDraining.body()).contains("draining");
                assertThat(vigil.isAlive()).as("the transaction holds the drain").isTrue();
                send(tx, "EXEC");
                assertThat(RespText.read(tx.getInputStream())).isEqualTo("*1");
            }
            assertThat(vigil.exitCode(Duration.ofSeconds(60))).isZero();
            try (Jedis direct = new Jedis("127.0.0.1", redis.port(), 10_000)) {
                assertThat(direct.get("admin:drain")).isEqualTo("exec");
            }
        }
    }

    /** One command, every word a bulk string. */
    private static void send(Socket s, String... words) throws IOException {
        StringBuilder out = new StringBuilder("*").append(words.length).append("\r\n");
        for (String w : words) {
            out.append('$').append(w.length()).append("\r\n").append(w).append("\r\n");
        }
        s.getOutputStream().write(out.toString().getBytes(StandardCharsets.UTF_8));
        s.getOutputStream().flush();
    }

    private String pool(String name, int port) {
        return name + ":\n  listen: 127.0.0.1:" + port + "\n  redis: true\n  shutdown_timeout: 60000\n"
                + "  servers:\n   - 127.0.0.1:" + redis.port() + ":1 " + name + "\n";
    }

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(int port, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
