package io.vigil.it;

import io.netty.buffer.Unpooled;
import io.vigil.config.ConfigLoader;
import io.vigil.routing.ShardMap;
import io.vigil.sandbox.RedisNode;
import io.vigil.sandbox.Sandbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * nutcracker's stats port: the same config runs through nutcracker and Vigil, both get the same
 * traffic, and the JSON each serves on {@code -s} is compared: keys, order and types, and the
 * request and response counts against what was sent.
 */
class StatsPortIT {

    static final int INTERVAL_MS = 100;
    static final int KEYS = 40;

    static final Sandbox sandbox = new Sandbox();
    static final List<RedisNode> redis = new ArrayList<>();
    static ProxyProcess nutcracker;
    static ProxyProcess vigil;
    static int nutcrackerStats;
    static int vigilStats;
    static Map<String, Integer> nutcrackerPorts;
    static Map<String, Integer> vigilPorts;
    static String vigilConfig;

    @BeforeAll
    static void start() throws Exception {
        for (int i = 0; i < 3; i++) {
            redis.add(sandbox.startRedis());
        }
        Path dir = Files.createDirectory(sandbox.dir().resolve("stats"));
        nutcrackerPorts = ports();
        vigilPorts = ports();
        nutcrackerStats = NutcrackerCompatibilityIT.freePort();
        vigilStats = NutcrackerCompatibilityIT.freePort();
        Path nc = dir.resolve("nutcracker.yml");
        Path vg = dir.resolve("vigil.yml");
        Files.writeString(nc, config(nutcrackerPorts));
        vigilConfig = config(vigilPorts);
        Files.writeString(vg, vigilConfig);
        nutcracker = ProxyProcess.start("nutcracker", List.of(NutcrackerCompatibilityIT.NUTCRACKER, "-c", nc.toString(),
                "-s", Integer.toString(nutcrackerStats), "-a", "127.0.0.1", "-i", Integer.toString(INTERVAL_MS),
                "-o", dir.resolve("nutcracker.log").toString()), dir.resolve("nutcracker.out"));
        vigil = ProxyProcess.start("vigil", ProxyProcess.vigilCommand("-c", vg.toString(),
                "-s", Integer.toString(vigilStats), "-a", "127.0.0.1", "-i", Integer.toString(INTERVAL_MS),
                "-o", dir.resolve("vigil.log").toString()), dir.resolve("vigil.out"));
        nutcracker.awaitServing(List.of(nutcrackerPorts.get("alpha"), nutcrackerPorts.get("beta")));
        vigil.awaitServing(List.of(vigilPorts.get("alpha"), vigilPorts.get("beta")));
    }

    @AfterAll
    static void stop() throws Exception {
        if (vigil != null) {
            vigil.close();
        }
        if (nutcracker != null) {
            nutcracker.close();
        }
        sandbox.close();
    }

    /** alpha: two servers, one named; beta: one; gamma: ejects a failing server (nutcracker's keys). */
    static String config(Map<String, Integer> listen) {
        return "beta:\n  listen: 127.0.0.1:" + listen.get("beta") + "\n  redis: true\n  servers:\n"
                + "    - 127.0.0.1:" + redis.get(0).port() + ":1\n"
                + "alpha:\n  listen: 127.0.0.1:" + listen.get("alpha") + "\n  redis: true\n  hash: fnv1a_64\n"
                + "  distribution: ketama\n  servers:\n"
                + "    - 127.0.0.1:" + redis.get(0).port() + ":1 one\n"
                + "    - 127.0.0.1:" + redis.get(1).port() + ":1\n"
                + "gamma:\n  listen: 127.0.0.1:" + listen.get("gamma") + "\n  redis: true\n  timeout: 400\n"
                + "  auto_eject_hosts: true\n  server_failure_limit: 1\n  server_retry_timeout: 60000\n  servers:\n"
                + "    - 127.0.0.1:" + redis.get(0).port() + ":1 g0\n"
                + "    - 127.0.0.1:" + redis.get(2).port() + ":1 g1\n";
    }

    @Test
    void sameKeysSameOrderSameTypesAndCountsEqualTheTraffic() throws Exception {
        Map<String, Object> ncBefore = settled(nutcrackerStats);
        Map<String, Object> vgBefore = settled(vigilStats);
        int sent = 0;
        for (String pool : List.of("alpha", "beta")) {
            for (Map.Entry<String, Integer> proxy : Map.of("n", nutcrackerPorts.get(pool), "v", vigilPorts.get(pool)).entrySet()) {
                try (Jedis j = NutcrackerCompatibilityIT.proxyClient(proxy.getValue())) {
                    for (int k = 0; k < KEYS; k++) {
                        assertThat(j.set(pool + ":key:" + k, "value-" + k)).isEqualTo("OK");
                        assertThat(j.get(pool + ":key:" + k)).isEqualTo("value-" + k);
                    }
                }
            }
            sent += 2 * KEYS;
        }
        int expected = sent;
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(INTERVAL_MS)).untilAsserted(() -> {
            assertThat(delta(vgBefore, read(vigilStats), "requests")).as("Vigil's requests").isEqualTo(expected);
            assertThat(delta(vgBefore, read(vigilStats), "responses")).as("Vigil's responses").isEqualTo(expected);
            assertThat(delta(ncBefore, read(nutcrackerStats), "requests")).as("nutcracker's requests").isEqualTo(expected);
        });
        Map<String, Object> nc = read(nutcrackerStats);
        Map<String, Object> vg = read(vigilStats);
        assertSameShape(nc, vg, "");
        assertThat(delta(vgBefore, vg, "request_bytes")).as("request bytes")
                .isEqualTo(delta(ncBefore, nc, "request_bytes"));
        assertThat(delta(vgBefore, vg, "response_bytes")).as("response bytes")
                .isEqualTo(delta(ncBefore, nc, "response_bytes"));
    }

    @Test
    void serverEjectsAndEjectedAtMoveWhenAStaticServerIsEjected() throws Exception {
        Map<String, Object> before = settled(vigilStats);
        assertThat(pool(before, "gamma").get("server_ejects")).isEqualTo(0L);
        assertThat(server(before, "gamma", "g1").get("server_ejected_at")).isEqualTo(0L);
        ShardMap map = ShardMap.of(ConfigLoader.parse(vigilConfig, Path.of("vigil.yml")).pool("gamma").orElseThrow());
        String key = keyOn(map, 1);
        long startMicros = System.currentTimeMillis() * 1000;
        redis.get(2).kill();
        try (Jedis j = NutcrackerCompatibilityIT.proxyClient(vigilPorts.get("gamma"))) {
            await().atMost(Duration.ofSeconds(20)).ignoreExceptionsInstanceOf(JedisException.class)
                    .until(() -> "OK".equals(j.set(key, "elsewhere")));
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Map<String, Object> after = read(vigilStats);
            assertThat(pool(after, "gamma").get("server_ejects")).isEqualTo(1L);
            assertThat((Long) server(after, "gamma", "g1").get("server_ejected_at"))
                    .isBetween(startMicros, System.currentTimeMillis() * 1000);
            assertThat(server(after, "gamma", "g0").get("server_ejected_at")).isEqualTo(0L);
        });
    }

    /** Same keys in the same order; every value of the same JSON type (objects recursively). */
    static void assertSameShape(Map<String, Object> nc, Map<String, Object> vg, String at) {
        assertThat(List.copyOf(vg.keySet())).as("keys of %s", at.isEmpty() ? "the document" : at)
                .isEqualTo(List.copyOf(nc.keySet()));
        for (String k : nc.keySet()) {
            Object a = nc.get(k);
            Object b = vg.get(k);
            assertThat(b == null ? null : b.getClass()).as("type of %s%s", at, k).isEqualTo(a == null ? null : a.getClass());
            if (a instanceof Map<?, ?> m) {
                @SuppressWarnings("unchecked")
                Map<String, Object> am = (Map<String, Object>) m;
                @SuppressWarnings("unchecked")
                Map<String, Object> bm = (Map<String, Object>) b;
                assertSameShape(am, bm, at + k + ".");
            }
        }
    }

    /** The sum over every server of every pool of {@code key}, after minus before. */
    static long delta(Map<String, Object> before, Map<String, Object> after, String key) {
        return sum(after, key) - sum(before, key);
    }

    private static long sum(Map<String, Object> doc, String key) {
        long total = 0;
        for (Object pool : doc.values()) {
            if (pool instanceof Map<?, ?> p) {
                for (Object server : p.values()) {
                    if (server instanceof Map<?, ?> s) {
                        total += (Long) s.get(key);
                    }
                }
            }
        }
        return total;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> pool(Map<String, Object> doc, String name) {
        return (Map<String, Object>) doc.get(name);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> server(Map<String, Object> doc, String pool, String server) {
        return (Map<String, Object>) pool(doc, pool).get(server);
    }

    /** A document whose counters no longer move: every earlier request is in the aggregate. */
    static Map<String, Object> settled(int port) {
        Map<String, Object>[] last = new Map[] {read(port)};
        await().atMost(Duration.ofSeconds(20)).pollDelay(Duration.ofMillis(3L * INTERVAL_MS))
                .pollInterval(Duration.ofMillis(3L * INTERVAL_MS)).until(() -> {
                    Map<String, Object> now = read(port);
                    boolean same = withoutClock(now).equals(withoutClock(last[0]));
                    last[0] = now;
                    return same;
                });
        return last[0];
    }

    private static Map<String, Object> withoutClock(Map<String, Object> doc) {
        Map<String, Object> copy = new java.util.LinkedHashMap<>(doc);
        copy.remove("uptime");
        copy.remove("timestamp");
        return copy;
    }

    /** Connects, reads to EOF without writing anything, parses strictly. */
    static Map<String, Object> read(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            s.setSoTimeout(5000);
            InputStream in = s.getInputStream();
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(text).endsWith("}\n");
            return OrderedJson.object(text);
        } catch (IOException e) {
            throw new AssertionError("stats port " + port + ": " + e, e);
        }
    }

    private static Map<String, Integer> ports() throws IOException {
        return Map.of("alpha", NutcrackerCompatibilityIT.freePort(), "beta", NutcrackerCompatibilityIT.freePort(),
                "gamma", NutcrackerCompatibilityIT.freePort());
    }

    private static String keyOn(ShardMap map, int shard) {
        for (int i = 0; ; i++) {
            byte[] k = ("ejected:" + i).getBytes(StandardCharsets.UTF_8);
            if (map.shardFor(Unpooled.wrappedBuffer(k), 0, k.length) == shard) {
                return "ejected:" + i;
            }
        }
    }
}
