package io.vigil.it;

import io.vigil.config.ConfigLoader;
import io.vigil.sandbox.RedisNode;
import io.vigil.sandbox.Sandbox;
import io.vigil.server.ReloadOutcome;
import io.vigil.server.VigilServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Reload under load: clients pipeline through every pool while the file changes. A server joins
 * the sharded pool (keys then land where nutcracker puts them with the new file), the replicated
 * pool switches its read policy, one pool goes and one comes, and then a broken file is refused
 * while the old config keeps serving.
 */
class ReloadIT {

    static final Sandbox sandbox = new Sandbox();
    static RedisNode stable;
    static RedisNode shard1;
    static RedisNode shard2;
    static RedisNode shard3;
    static RedisNode master;
    static RedisNode replica;
    static Path dir;

    @BeforeAll
    static void start() throws IOException {
        stable = sandbox.startRedis();
        shard1 = sandbox.startRedis();
        shard2 = sandbox.startRedis();
        shard3 = sandbox.startRedis();
        master = sandbox.startRedis();
        replica = sandbox.startReplica(master);
        dir = Files.createDirectory(sandbox.dir().resolve("reload"));
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void poolsChangeUnderLoadWithoutAnErrorOrADroppedConnection() throws Exception {
        Path conf = dir.resolve("vigil.yml");
        Files.writeString(conf, config(false));
        Map<String, String> fixed = new TreeMap<>();
        try (Jedis m = new Jedis("127.0.0.1", master.port(), 10_000)) {
            for (int i = 0; i < 8; i++) {
                fixed.put("fixed:" + i, "value-" + i);
                m.set("fixed:" + i, "value-" + i);
            }
            assertThat(m.waitReplicas(1, 10_000)).isEqualTo(1);
        }
        try (VigilServer vigil = VigilServer.start(ConfigLoader.load(conf), 2)) {
            List<PipelineLoad> untouched = new ArrayList<>();
            List<PipelineLoad> changed = new ArrayList<>();
            List<PipelineLoad> removed = new ArrayList<>();
            for (int c = 0; c < 2; c++) {
                untouched.add(new PipelineLoad("stable-" + c, vigil.address("stable").getPort(), true, Map.of()));
                changed.add(new PipelineLoad("sharded-" + c, vigil.address("sharded").getPort(), true, Map.of()));
                changed.add(new PipelineLoad("reads-" + c, vigil.address("reads").getPort(), false, fixed));
                removed.add(new PipelineLoad("gone-" + c, vigil.address("gone").getPort(), true, Map.of()));
            }
            List<PipelineLoad> all = new ArrayList<>(untouched);
            all.addAll(changed);
            all.addAll(removed);
            awaitRounds(all, 20);
            long replicaGetsBefore = getCalls(replica);
            int gonePort = vigil.address("gone").getPort();

            Files.writeString(conf, config(true));
            ReloadOutcome outcome = vigil.reload();

            assertThat(outcome.applied()).as(outcome.summary()).isTrue();
            assertThat(outcome.unchanged()).containsExactly("stable");
            assertThat(outcome.changed()).containsExactly("sharded", "reads");
            assertThat(outcome.removed()).containsExactly("gone");
            assertThat(outcome.added()).containsExactly("fresh");
            assertThatThrownBy(() -> new Socket("127.0.0.1", gonePort).close()).isInstanceOf(ConnectException.class);
            try (Jedis fresh = new Jedis("127.0.0.1", vigil.address("fresh").getPort(), 10_000)) {
                assertThat(fresh.set("fresh:1", "x")).isEqualTo("OK");
            }
            // the clients connected before the reload now route with the new ring and read policy
            await().atMost(Duration.ofSeconds(30)).until(() -> keysWithPrefix(shard3, "sharded-") > 0);
            await().atMost(Duration.ofSeconds(30)).until(() -> getCalls(replica) > replicaGetsBefore);
            await().atMost(Duration.ofSeconds(30)).until(() -> removed.stream().noneMatch(PipelineLoad::alive));
            awaitRounds(untouched, 20);
            awaitRounds(changed, 20);

            Files.writeString(conf, "stable:\n  listen: [\n");
            ReloadOutcome refused = vigil.reload();
            assertThat(refused.applied()).isFalse();
            assertThat(refused.error()).contains("vigil.yml").contains("invalid");
            assertThat(vigil.config().pools()).extracting(p -> p.name()).containsExactly("stable", "sharded", "reads", "fresh");
            awaitRounds(untouched, 20);
            awaitRounds(changed, 20);

            for (PipelineLoad load : all) {
                load.close();
            }
            for (PipelineLoad load : untouched) {
                assertThat(load.errors).as(load.prefix).isEmpty();
                assertThat(load.connectionLost).as(load.prefix).isNull();
            }
            for (PipelineLoad load : changed) {
                assertThat(load.connectionLost).as(load.prefix + " kept its connection").isNull();
                assertThat(load.errors).as(load.prefix).isEmpty();
            }
            for (PipelineLoad load : removed) {
                assertThat(load.errors).as(load.prefix).isEmpty();
                assertThat(load.connectionLost).as(load.prefix + " was drained").isNotNull();
                assertAllStored(stable, load);
            }
            for (PipelineLoad load : untouched) {
                assertAllStored(stable, load);
            }
            Map<String, Integer> throughVigil = placeThrough(vigil.address("sharded").getPort());
            Path nutConf = dir.resolve("nutcracker.yml");
            int nutPort = NutcrackerCompatibilityIT.freePort();
            Files.writeString(nutConf, shardedPool(true).replace("127.0.0.1:0", "127.0.0.1:" + nutPort));
            try (ProxyProcess nutcracker = ProxyProcess.nutcracker(nutConf, dir)) {
                nutcracker.awaitServing(List.of(nutPort));
                assertThat(placeThrough(nutPort)).isEqualTo(throughVigil);
            }
        }
    }

    @Test
    void aTransactionAndASubscriptionOutliveAReloadOfTheirPoolAndABindFailureChangesNothing() throws Exception {
        Path conf = dir.resolve("single.yml");
        Files.writeString(conf, single("127.0.0.1:0", 2000, ""));
        try (VigilServer vigil = VigilServer.start(ConfigLoader.load(conf), 1)) {
            int port = vigil.address("p").getPort();
            Socket tx = client(port);
            send(tx, "*1\r\n$5\r\nMULTI\r\n*3\r\n$3\r\nSET\r\n$5\r\nrl:tx\r\n$1\r\na\r\n");
            assertThat(RespText.read(tx.getInputStream())).isEqualTo("+OK");
            assertThat(RespText.read(tx.getInputStream())).isEqualTo("+QUEUED");
            Socket sub = client(port);
            send(sub, "*2\r\n$9\r\nSUBSCRIBE\r\n$5\r\nrl-ch\r\n");
            assertThat(RespText.read(sub.getInputStream())).isEqualTo("*3");

            Files.writeString(conf, single("127.0.0.1:0", 3000, ""));
            assertThat(vigil.reload().changed()).containsExactly("p");

            send(tx, "*1\r\n$4\r\nEXEC\r\n");
            assertThat(RespText.read(tx.getInputStream())).isEqualTo("*1");
            send(tx, "*2\r\n$3\r\nGET\r\n$5\r\nrl:tx\r\n");
            assertThat(RespText.read(tx.getInputStream())).isEqualTo("$1");
            try (Jedis direct = new Jedis("127.0.0.1", stable.port(), 10_000)) {
                assertThat(direct.publish("rl-ch", "after")).isEqualTo(1);
            }
            assertThat(RespText.read(sub.getInputStream())).isEqualTo("*3");

            try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                Files.writeString(conf, single("127.0.0.1:0", 4000, "taken:\n  listen: 127.0.0.1:" + taken.getLocalPort()
                        + "\n  redis: true\n  servers:\n   - 127.0.0.1:" + stable.port() + ":1 stable\n"));
                ReloadOutcome refused = vigil.reload();
                assertThat(refused.applied()).isFalse();
                assertThat(refused.error()).contains("taken").contains(Integer.toString(taken.getLocalPort()));
            }
            assertThat(vigil.config().pools()).singleElement().satisfies(p -> assertThat(p.timeout().toMillis()).isEqualTo(3000));
            assertThat(vigil.address("taken")).isNull();
            send(tx, "*1\r\n$4\r\nPING\r\n");
            assertThat(RespText.read(tx.getInputStream())).isEqualTo("+PONG");

            int newPort = NutcrackerCompatibilityIT.freePort();
            Files.writeString(conf, single("127.0.0.1:" + newPort, 3000, ""));
            assertThat(vigil.reload().moved()).containsExactly("p");
            assertThat(RespText.read(tx.getInputStream())).as("an idle client of the old listener is drained").isNull();
            assertThat(RespText.read(sub.getInputStream())).as("a subscriber of the old listener is drained").isNull();
            assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
            try (Jedis moved = new Jedis("127.0.0.1", newPort, 10_000)) {
                assertThat(moved.get("rl:tx")).isEqualTo("a");
            }
            tx.close();
            sub.close();
        }
    }

    private static String single(String listen, int timeout, String more) {
        return "p:\n  listen: " + listen + "\n  redis: true\n  timeout: " + timeout + "\n  servers:\n   - 127.0.0.1:"
                + stable.port() + ":1 stable\n" + more;
    }

    private static Socket client(int port) throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(30_000);
        return s;
    }

    private static void send(Socket s, String resp) throws IOException {
        s.getOutputStream().write(resp.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        s.getOutputStream().flush();
    }

    private static void awaitRounds(List<PipelineLoad> loads, long more) {
        List<Long> from = loads.stream().map(l -> l.rounds.get()).toList();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            for (int i = 0; i < loads.size(); i++) {
                PipelineLoad l = loads.get(i);
                if (l.rounds.get() < from.get(i) + more && l.alive()) {
                    return false;
                }
            }
            return true;
        });
    }

    /** Every key whose SET was acknowledged is in {@code node}. */
    private static void assertAllStored(RedisNode node, PipelineLoad load) {
        try (Jedis direct = new Jedis("127.0.0.1", node.port(), 10_000)) {
            assertThat(load.acknowledged).as(load.prefix + " acknowledged writes").isNotEmpty();
            for (String key : load.acknowledged) {
                assertThat(direct.get(key)).as(key).isEqualTo(key);
            }
        }
    }

    /** Writes 300 keys through a proxy on {@code port} after flushing the shards: which shard holds each. */
    private static Map<String, Integer> placeThrough(int port) {
        List<RedisNode> shards = List.of(shard1, shard2, shard3);
        shards.forEach(n -> n.call("FLUSHALL"));
        try (Jedis j = NutcrackerCompatibilityIT.proxyClient(port)) {
            for (int i = 0; i < 300; i++) {
                assertThat(j.set("place:" + i, "v")).isEqualTo("OK");
            }
        }
        Map<String, Integer> where = new TreeMap<>();
        for (int s = 0; s < shards.size(); s++) {
            try (Jedis direct = new Jedis("127.0.0.1", shards.get(s).port(), 10_000)) {
                for (String k : direct.keys("place:*")) {
                    where.put(k, s);
                }
            }
        }
        assertThat(where).hasSize(300);
        return where;
    }

    private static long keysWithPrefix(RedisNode node, String prefix) {
        try (Jedis direct = new Jedis("127.0.0.1", node.port(), 10_000)) {
            return direct.keys(prefix + "*").size();
        }
    }

    /** {@code calls} of {@code cmdstat_get} in the node's INFO commandstats. */
    private static long getCalls(RedisNode node) {
        try (Jedis direct = new Jedis("127.0.0.1", node.port(), 10_000)) {
            for (String line : direct.info("commandstats").split("\r\n")) {
                if (line.startsWith("cmdstat_get:calls=")) {
                    return Long.parseLong(line.substring("cmdstat_get:calls=".length(), line.indexOf(',')));
                }
            }
        }
        return 0;
    }

    private static String shardedPool(boolean after) {
        return "sharded:\n  listen: 127.0.0.1:0\n  redis: true\n  hash: fnv1a_64\n  distribution: ketama\n"
                + "  servers:\n   - 127.0.0.1:" + shard1.port() + ":1 s1\n   - 127.0.0.1:" + shard2.port() + ":1 s2\n"
                + (after ? "   - 127.0.0.1:" + shard3.port() + ":1 s3\n" : "");
    }

    /** Before: stable, sharded (2 servers), reads (policy master), gone. After: gone removed, fresh added. */
    private static String config(boolean after) {
        String stablePool = "stable:\n  listen: 127.0.0.1:0\n  redis: true\n  servers:\n   - 127.0.0.1:" + stable.port()
                + ":1 stable\n";
        String reads = "reads:\n  listen: 127.0.0.1:0\n  redis: true\n  read_policy: " + (after ? "replicas" : "master")
                + "\n  servers:\n   - name: reads\n     master: 127.0.0.1:" + master.port()
                + "\n     replicas:\n      - 127.0.0.1:" + replica.port() + "\n";
        String other = (after ? "fresh" : "gone") + ":\n  listen: 127.0.0.1:0\n  redis: true\n  shutdown_timeout: 5000\n"
                + "  servers:\n   - 127.0.0.1:" + stable.port() + ":1 stable\n";
        return stablePool + shardedPool(after) + reads + other;
    }
}
