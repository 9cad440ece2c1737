package io.vigil.it;

import io.vigil.config.ConfigLoader;
import io.vigil.sandbox.RedisNode;
import io.vigil.sandbox.Sandbox;
import io.vigil.server.VigilServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Reads spread over replicas by read_policy; writes only ever reach the master. */
class ReadSplitIT {

    static final Sandbox sandbox = new Sandbox();
    static RedisNode master;
    static RedisNode replica1;
    static RedisNode replica2;
    static VigilServer vigil;

    @BeforeAll
    static void start() throws Exception {
        master = sandbox.startRedis();
        replica1 = sandbox.startReplica(master);
        replica2 = sandbox.startReplica(master);
        String shard = "  servers:\n    - name: main\n      master: 127.0.0.1:" + master.port() + "\n      replicas:\n"
                + "        - 127.0.0.1:" + replica1.port() + "\n        - 127.0.0.1:" + replica2.port() + "\n";
        String yaml = pool("onmaster", "master", "") + shard
                + pool("toreplicas", "replicas", "") + shard
                + pool("anynode", "any", "") + shard
                + pool("forced", "replicas", "  master_commands: [get]\n") + shard
                + pool("ryw", "replicas", "  read_your_writes: true\n") + shard
                + pool("prefer", "prefer-replica", "") + shard
                + pool("weighted", "replicas", "  read_balance: round-robin\n  read_weights:\n    \"127.0.0.1:"
                        + replica1.port() + "\": 3\n") + shard
                + pool("drained", "replicas", "  read_weights:\n    \"127.0.0.1:" + replica2.port() + "\": 0\n") + shard;
        vigil = VigilServer.start(ConfigLoader.parse(yaml, Path.of("reads.yml")), 2);
    }

    private static String pool(String name, String policy, String extra) {
        return name + ":\n  listen: 127.0.0.1:0\n  redis: true\n  timeout: 1000\n  read_policy: " + policy + "\n" + extra;
    }

    @AfterAll
    static void stop() {
        vigil.close();
        sandbox.close();
    }

    @BeforeEach
    void bothReplicasTakeReads() {
        for (RedisNode n : List.of(master, replica1, replica2)) {
            if (!n.isAlive()) {
                n.restart();
            }
        }
        // replicas take reads once Vigil's own health checks have admitted them (again)
        try (Jedis j = client("toreplicas")) {
            j.set("warm", "up");
            awaitReplicated("warm");
            resetStats();
            await().atMost(20, TimeUnit.SECONDS).until(() -> {
                for (int i = 0; i < 20; i++) {
                    j.get("warm");
                }
                return calls(replica1, "get") > 0 && calls(replica2, "get") > 0;
            });
        }
        resetStats();
    }

    static void resetStats() {
        for (RedisNode n : List.of(master, replica1, replica2)) {
            n.call("CONFIG", "RESETSTAT");
        }
    }

    static Jedis client(String pool) {
        return new Jedis("127.0.0.1", vigil.address(pool).getPort(), 10_000);
    }

    @Test
    void policyReplicasSpreadsReadsOverTheReplicasOnly() {
        try (Jedis j = client("toreplicas")) {
            readsOfAReplicatedKey(j, 400);
        }
        assertThat(calls(master, "get")).isZero();
        assertThat(calls(replica1, "get")).isGreaterThan(100);
        assertThat(calls(replica2, "get")).isGreaterThan(100);
    }

    @Test
    void policyPreferReplicaKeepsAnIdleMasterOutOfReads() {
        try (Jedis j = client("prefer")) {
            readsOfAReplicatedKey(j, 400);
        }
        // one client, one request at a time: replicas are never busier than the master
        assertThat(calls(master, "get")).isZero();
        assertThat(calls(replica1, "get")).isGreaterThan(100);
        assertThat(calls(replica2, "get")).isGreaterThan(100);
    }

    @Test
    void roundRobinFollowsTheReadWeights() {
        try (Jedis j = client("weighted")) {
            readsOfAReplicatedKey(j, 400);
        }
        // weights 3 and 1 (the default): three reads out of four go to replica1
        assertThat(calls(replica1, "get")).isBetween(290L, 310L);
        assertThat(calls(replica2, "get")).isBetween(90L, 110L);
        assertThat(calls(master, "get")).isZero();
    }

    @Test
    void aReplicaOfWeightZeroTakesNoReads() {
        try (Jedis j = client("drained")) {
            readsOfAReplicatedKey(j, 200);
        }
        assertThat(calls(replica1, "get")).isEqualTo(200);
        assertThat(calls(replica2, "get")).isZero();
    }

    @Test
    void policyAnySpreadsReadsOverEveryNode() {
        try (Jedis j = client("anynode")) {
            j.set("k", "v");
            awaitReplicated("k");
            for (int i = 0; i < 600; i++) {
                j.get("k");
            }
        }
        for (RedisNode n : List.of(master, replica1, replica2)) {
            assertThat(calls(n, "get")).as("GETs on %d", n.port()).isGreaterThan(100);
        }
    }

    @Test
    void policyMasterAndMasterCommandsKeepReadsOnTheMaster() {
        try (Jedis a = client("onmaster"); Jedis b = client("forced")) {
            a.set("k", "v");
            for (int i = 0; i < 100; i++) {
                a.get("k");
                b.get("k");
            }
            b.strlen("k"); // not in master_commands: may go to a replica
        }
        assertThat(calls(master, "get")).isEqualTo(200);
        assertThat(calls(replica1, "get") + calls(replica2, "get")).isZero();
    }

    @Test
    void writesOfEveryKindReachOnlyTheMaster() {
        try (Jedis j = client("anynode")) {
            j.set("s", "1");
            j.incr("n");
            j.append("s", "x");
            j.hset("h", Map.of("f", "v"));
            j.lpush("l", "a");
            j.rpop("l");
            j.sadd("set", "m");
            j.zadd("z", 1, "m");
            j.xadd("st", redis.clients.jedis.params.XAddParams.xAddParams(), Map.of("f", "v"));
            j.expire("s", 100);
            j.del("n");
            j.setbit("b", 7, true);
            j.pfadd("hll", "a");
            j.geoadd("g", 13.4, 52.5, "berlin");
            j.eval("return redis.call('SET', KEYS[1], 'lua')", List.of("e"), List.of());
            j.getSet("s", "2");
            j.getDel("s");
            j.rename("h", "h2");
            j.hincrBy("h2", "n", 1);
            j.hdel("h2", "f");
            j.lpush("l2", "a", "b");
            j.lset("l2", 0, "c");
            j.ltrim("l2", 0, 0);
            j.linsert("l2", redis.clients.jedis.args.ListPosition.AFTER, "c", "d");
            j.rpoplpush("l2", "l3");
            j.srem("set", "m");
            j.spop("set");
            j.zincrby("z", 2, "m");
            j.zrem("z", "m");
            j.persist("e");
            j.pexpire("e", 100_000);
            j.setnx("nx", "1");
            j.setex("ex", 100, "1");
            j.incrByFloat("f", 1.5);
            j.decr("d");
            j.mset("m1", "1", "m2", "2");
            j.msetnx("m3", "1", "m4", "2");
            j.copy("m1", "m5", false);
            j.move("m5", 3);
            j.xtrim("st", 10, false);
            for (int i = 0; i < 50; i++) {
                j.get("e"); // reads interleaved: they may go anywhere
            }
        }
        for (String cmd : List.of("set", "incr", "append", "hset", "lpush", "rpop", "sadd", "zadd", "xadd", "expire",
                "del", "setbit", "pfadd", "geoadd", "eval", "getset", "getdel", "rename", "hincrby", "hdel", "lset",
                "ltrim", "linsert", "rpoplpush", "srem", "spop", "zincrby", "zrem", "persist", "pexpire", "setnx",
                "setex", "incrbyfloat", "decr", "mset", "msetnx", "copy", "move", "xtrim")) {
            assertThat(calls(master, cmd)).as("%s on the master", cmd).isPositive();
            assertThat(callsFromClients(replica1, cmd) + callsFromClients(replica2, cmd)).as("%s on a replica", cmd).isZero();
        }
    }

    @Test
    void aReplicaKilledDuringReadsCostsNoErrorAndTakesReadsAgainWhenBack() throws Exception {
        try (Jedis j = client("toreplicas")) {
            j.set("k", "v");
            awaitReplicated("k");
            replica1.kill();
            for (int i = 0; i < 300; i++) {
                assertThat(j.get("k")).isEqualTo("v");
            }
            replica1.restart();
            awaitReplicated("k");
            resetStats();
            await().atMost(20, TimeUnit.SECONDS).until(() -> {
                for (int i = 0; i < 50; i++) {
                    assertThat(j.get("k")).isEqualTo("v");
                }
                return calls(replica1, "get") > 0;
            });
        }
    }

    @Test
    void aStalledReplicaIsLeftOutThenTakenBackWithoutAReadError() throws Exception {
        try (Jedis j = client("toreplicas"); Jedis direct = new Jedis("127.0.0.1", master.port())) {
            j.set("k", "v");
            awaitReplicated("k");
            replica1.pause();
            try {
                // writes go on while replica1 stands still: it falls behind, and health checks time out
                byte[] chunk = new byte[64 * 1024];
                for (int i = 0; i < 64; i++) {
                    direct.set(("fill:" + i).getBytes(), chunk);
                }
                await().atMost(20, TimeUnit.SECONDS).until(() -> {
                    long before = calls(replica2, "get");
                    for (int i = 0; i < 50; i++) {
                        assertThat(j.get("k")).isEqualTo("v");
                    }
                    return calls(replica2, "get") - before == 50; // every read went to the healthy replica
                });
            } finally {
                replica1.resume();
            }
            await().atMost(20, TimeUnit.SECONDS).until(() -> {
                for (int i = 0; i < 50; i++) {
                    assertThat(j.get("k")).isEqualTo("v");
                }
                return calls(replica1, "get") > 0;
            });
        }
    }

    @Test
    void withReadYourWritesAClientNeverReadsOlderThanItsOwnWrite() throws Exception {
        try (Jedis j = client("ryw")) {
            int stale = lagging(() -> staleReads(j, "ryw", 300));
            assertThat(stale).as("reads older than the client's own write").isZero();
            // and replicas still serve this client's reads once they have caught up
            await().atMost(20, TimeUnit.SECONDS).until(() -> {
                long before = calls(replica1, "get") + calls(replica2, "get");
                j.get("ryw");
                return calls(replica1, "get") + calls(replica2, "get") > before;
            });
        }
    }

    @Test
    void withoutReadYourWritesReplicaReadsCanBeOlderThanTheClientsWrite() {
        // the same loop on a pool without read_your_writes: shows that the test above can fail
        try (Jedis j = client("toreplicas")) {
            int stale = lagging(() -> staleReads(j, "norw", 300));
            assertThat(stale).as("stale reads seen without read_your_writes").isPositive();
        }
    }

    /** Write then read back, {@code n} times; how many reads did not see the write just made. */
    private static int staleReads(Jedis j, String key, int n) {
        int stale = 0;
        for (int i = 0; i < n; i++) {
            j.set(key, Integer.toString(i));
            if (!Integer.toString(i).equals(j.get(key))) {
                stale++;
            }
        }
        return stale;
    }

    /**
     * Runs {@code body} while both replicas lag: CLIENT PAUSE WRITE makes a replica stop applying
     * its master's stream while it still answers reads (by a few small writes, so within
     * max_replica_lag: health checks alone do not exclude them).
     */
    private static int lagging(java.util.function.IntSupplier body) {
        for (RedisNode r : List.of(replica1, replica2)) {
            r.call("CLIENT", "PAUSE", "10000", "WRITE");
        }
        try {
            return body.getAsInt();
        } finally {
            for (RedisNode r : List.of(replica1, replica2)) {
                r.call("CLIENT", "UNPAUSE");
            }
        }
    }

    /** Writes k, waits until both replicas have it, then reads it back {@code n} times. */
    private static void readsOfAReplicatedKey(Jedis j, int n) {
        j.set("k", "v");
        awaitReplicated("k");
        for (int i = 0; i < n; i++) {
            assertThat(j.get("k")).isEqualTo("v");
        }
    }

    private static void awaitReplicated(String key) {
        await().atMost(10, TimeUnit.SECONDS).until(() ->
                "1".equals(replica1.call("EXISTS", key)) && "1".equals(replica2.call("EXISTS", key)));
    }

    /** Calls of {@code command} on {@code node} since the last CONFIG RESETSTAT. */
    static long calls(RedisNode node, String command) {
        for (String line : node.call("INFO", "commandstats").split("\r?\n")) {
            if (line.startsWith("cmdstat_" + command + ":calls=")) {
                return Long.parseLong(line.substring(line.indexOf('=') + 1, line.indexOf(',')));
            }
        }
        return 0;
    }

    /**
     * A replica executes its master's writes through replication, which also counts in its
     * commandstats; what a client sent it directly shows in its rejected or failed calls instead,
     * since a replica refuses writes (READONLY). So a write a client sent to a replica would show here.
     */
    static long callsFromClients(RedisNode replica, String command) {
        for (String line : replica.call("INFO", "commandstats").split("\r?\n")) {
            if (line.startsWith("cmdstat_" + command + ":")) {
                String rejected = line.replaceAll(".*rejected_calls=(\\d+).*", "$1");
                return Long.parseLong(rejected);
            }
        }
        return 0;
    }
}
