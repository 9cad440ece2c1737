package io.vigil.it;

import io.netty.buffer.Unpooled;
import io.vigil.config.ConfigLoader;
import io.vigil.config.VigilConfig;
import io.vigil.routing.ShardMap;
import io.vigil.sandbox.RedisNode;
import io.vigil.sandbox.Sandbox;
import io.vigil.server.VigilServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A pool of three static shards, placed as twemproxy places them. */
class ShardingIT {

    static final Sandbox sandbox = new Sandbox();
    static final List<RedisNode> shards = new ArrayList<>();
    static VigilServer vigil;
    static ShardMap map;

    @BeforeAll
    static void start() throws Exception {
        for (int i = 0; i < 3; i++) {
            shards.add(sandbox.startRedis());
        }
        StringBuilder yaml = new StringBuilder("sharded:\n  listen: 127.0.0.1:0\n  redis: true\n  hash: fnv1a_64\n"
                + "  hash_tag: \"{}\"\n  distribution: ketama\n  timeout: 1000\n  servers:\n");
        for (int i = 0; i < 3; i++) {
            yaml.append("    - 127.0.0.1:").append(shards.get(i).port()).append(":1 shard").append(i).append('\n');
        }
        yaml.append("single:\n  listen: 127.0.0.1:0\n  redis: true\n  servers:\n    - 127.0.0.1:")
                .append(shards.get(0).port()).append(":1 only\n");
        VigilConfig config = ConfigLoader.parse(yaml.toString(), Path.of("sharded.yml"));
        vigil = VigilServer.start(config, 2);
        map = ShardMap.of(config.pools().get(0));
    }

    @AfterAll
    static void stop() {
        vigil.close();
        sandbox.close();
    }

    @BeforeEach
    void flush() {
        for (RedisNode n : shards) {
            if (!n.isAlive()) {
                n.restart();
            }
            n.call("FLUSHALL");
        }
    }

    static Jedis client() {
        return new Jedis("127.0.0.1", vigil.address("sharded").getPort(), 10_000);
    }

    static RedisNode home(String key) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        return shards.get(map.shardFor(Unpooled.wrappedBuffer(k), 0, k.length));
    }

    @Test
    void eachKeyLandsOnTheShardTwemproxyWouldPick() {
        try (Jedis j = client()) {
            Set<Integer> used = new HashSet<>();
            for (int i = 0; i < 300; i++) {
                j.set("key:" + i, "v" + i);
                assertThat(home("key:" + i).call("GET", "key:" + i)).isEqualTo("v" + i);
                used.add(shards.indexOf(home("key:" + i)));
            }
            assertThat(used).hasSize(3);
            // a hash tag keeps keys together
            assertThat(home("{user1}:a")).isSameAs(home("{user1}:b"));
        }
    }

    @Test
    void multiKeyCommandsAreSplitAndMerged() {
        try (Jedis j = client()) {
            List<String> keysAndValues = new ArrayList<>();
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                keysAndValues.add("m:" + i);
                keysAndValues.add("value-" + i);
                keys.add("m:" + i);
            }
            assertThat(j.mset(keysAndValues.toArray(new String[0]))).isEqualTo("OK");
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                expected.add("value-" + i);
            }
            keys.add(1, "missing");
            expected.add(1, null);
            assertThat(j.mget(keys.toArray(new String[0]))).containsExactlyElementsOf(expected);
            assertThat(j.exists(keys.toArray(new String[0]))).isEqualTo(60);
            assertThat(j.touch(keys.toArray(new String[0]))).isEqualTo(60);
            assertThat(j.del("m:0", "m:1", "m:2", "missing")).isEqualTo(3);
            assertThat(j.unlink("m:3", "m:4")).isEqualTo(2);
            assertThat(j.dbSize()).isEqualTo(55);
            assertThat(j.keys("m:*")).hasSize(55);
        }
    }

    @Test
    void anMgetReportsPerKeyErrorsWhileOneShardIsDown() {
        try (Jedis j = client()) {
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                j.set("key:" + i, "v" + i);
                keys.add("key:" + i);
            }
            RedisNode down = home("key:0");
            assertThat(keys.stream().map(ShardingIT::home).distinct().count()).as("shards holding the keys").isGreaterThanOrEqualTo(2);
            down.kill();
            // read the raw reply: an error inside an array is one element, not the whole answer
            StringBuilder req = new StringBuilder("*" + (keys.size() + 1) + "\r\n$4\r\nMGET\r\n");
            for (String k : keys) {
                req.append('$').append(k.length()).append("\r\n").append(k).append("\r\n");
            }
            List<String> elements = rawArray(req.toString());
            assertThat(elements).hasSize(30);
            for (int i = 0; i < 30; i++) {
                if (home("key:" + i) == down) {
                    assertThat(elements.get(i)).as("key:%d on the dead shard", i).startsWith("-ERR Vigil:");
                } else {
                    assertThat(elements.get(i)).isEqualTo("v" + i);
                }
            }
            down.restart();
        }
    }

    @Test
    void atomicCommandsAcrossShardsAreRefusedButRunWithinOne() {
        String a = "x:1";
        String b = findKeyOnOtherShard(a);
        try (Jedis j = client()) {
            j.set(a, "1");
            assertThatThrownBy(() -> j.rename(a, b)).isInstanceOf(JedisDataException.class).hasMessageStartingWith("CROSSSLOT");
            assertThatThrownBy(() -> j.msetnx(a, "1", b, "2")).hasMessageStartingWith("CROSSSLOT");
            assertThatThrownBy(() -> j.sunionstore(a, b)).hasMessageStartingWith("CROSSSLOT");
            assertThatThrownBy(() -> j.eval("return 1", List.of(a, b), List.of())).hasMessageStartingWith("CROSSSLOT");
            // the same commands with keys tagged onto one shard run
            j.set("{t}a", "1");
            assertThat(j.rename("{t}a", "{t}b")).isEqualTo("OK");
            assertThat(j.msetnx("{t}c", "1", "{t}d", "2")).isEqualTo(1);
            assertThat(j.eval("return redis.call('GET', KEYS[1])", List.of("{t}b", "{t}c"), List.of())).isEqualTo("1");
        }
    }

    @Test
    void transactionsRunOnTheShardOfTheirKeysAndRefuseOtherShards() {
        String a = "tx:1";
        String b = findKeyOnOtherShard(a);
        try (Jedis j = client()) {
            Transaction t = j.multi();
            t.set(a, "1");
            t.incr(a);
            assertThat(t.exec()).containsExactly("OK", 2L);
            assertThat(home(a).call("GET", a)).isEqualTo("2");

            Transaction bad = j.multi();
            bad.set(a, "3");
            bad.set(b, "4");
            assertThatThrownBy(bad::exec).hasMessageContaining("EXECABORT");
            assertThat(home(a).call("GET", a)).isEqualTo("2");
            assertThat(home(b).call("EXISTS", b)).isEqualTo("0");
            assertThat(j.ping()).isEqualTo("PONG");
        }
    }

    @Test
    void scanVisitsEveryKeyExactlyOnce() {
        Set<String> written = new HashSet<>();
        try (Jedis j = client()) {
            for (int i = 0; i < 500; i++) {
                j.set("s:" + i, "x");
                written.add("s:" + i);
            }
            List<String> seen = new ArrayList<>();
            String cursor = ScanParams.SCAN_POINTER_START;
            int calls = 0;
            do {
                ScanResult<String> r = j.scan(cursor, new ScanParams().count(50));
                seen.addAll(r.getResult());
                cursor = r.getCursor();
                calls++;
            } while (!cursor.equals("0") && calls < 10_000);
            assertThat(seen).hasSize(500).containsExactlyInAnyOrderElementsOf(written);
        }
    }

    @Test
    void fanOutCommandsReachEveryShard() {
        try (Jedis j = client()) {
            String sha = j.scriptLoad("return 'hi'");
            for (RedisNode n : shards) {
                assertThat(n.call("SCRIPT", "EXISTS", sha)).isEqualTo("1");
            }
            assertThat(j.scriptExists(sha)).isTrue();
            for (int i = 0; i < 20; i++) {
                j.set("r" + i, "x");
            }
            assertThat(j.randomKey()).startsWith("r");
            assertThat(j.flushDB()).isEqualTo("OK");
            assertThat(j.dbSize()).isZero();
        }
    }

    @Test
    void severalPoolsListenSideBySide() {
        try (Jedis single = new Jedis("127.0.0.1", vigil.address("single").getPort())) {
            single.set("only-here", "1");
            assertThat(shards.get(0).call("GET", "only-here")).isEqualTo("1");
        }
    }

    /** Sends raw RESP and reads one array reply of bulk strings or errors, one string per element. */
    private static List<String> rawArray(String request) {
        try (java.net.Socket sock = new java.net.Socket("127.0.0.1", vigil.address("sharded").getPort())) {
            sock.setSoTimeout(10_000);
            sock.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            java.io.BufferedReader in = new java.io.BufferedReader(
                    new java.io.InputStreamReader(sock.getInputStream(), StandardCharsets.UTF_8));
            String header = in.readLine();
            assertThat(header).startsWith("*");
            List<String> out = new ArrayList<>();
            for (int i = Integer.parseInt(header.substring(1)); i > 0; i--) {
                String line = in.readLine();
                out.add(line.startsWith("$") ? in.readLine() : line);
            }
            return out;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String findKeyOnOtherShard(String key) {
        for (int i = 0; ; i++) {
            String other = "other:" + i;
            if (home(other) != home(key)) {
                return other;
            }
        }
    }
}
