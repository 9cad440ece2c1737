package io.vigil.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.EventLoopGroup;
import io.vigil.backend.Transport;
import io.vigil.config.ConfigException;
import io.vigil.config.ConfigLoader;
import io.vigil.config.Endpoint;
import io.vigil.config.PoolConfig;
import io.vigil.config.ServerConfig;
import io.vigil.sandbox.RedisNode;
import io.vigil.sandbox.Sandbox;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * The health checker against a real static shard: a master and two replicas, checked every
 * 100 ms with a 500 ms timeout, 1 MB of allowed lag and 3 recovery checks (the defaults).
 */
class HealthCheckerIT {

    /** Replicas resync in well under a second here; this allows for a slow, shared machine. */
    static final Duration PATIENCE = Duration.ofSeconds(30);
    static final int VALUE_BYTES = 100 * 1024;

    private Sandbox sandbox;
    private EventLoopGroup loops;
    private HealthChecker checker;
    private RedisNode master;
    private RedisNode replica1;
    private RedisNode replica2;

    @AfterEach
    void stop() {
        if (checker != null) {
            checker.close();
        }
        if (loops != null) {
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    /**
     * Starts the shard and a checker of it.
     *
     * @param poolLines extra pool keys, indented by two
     * @param nodeLines extra redis.conf lines for every node
     */
    private void startShard(String poolLines, String... nodeLines) throws ConfigException {
        sandbox = new Sandbox();
        String[] masterLines = new String[nodeLines.length + 1];
        masterLines[0] = "repl-diskless-sync-delay 0"; // a replica syncs at once instead of after 5 s
        System.arraycopy(nodeLines, 0, masterLines, 1, nodeLines.length);
        master = sandbox.startRedis(masterLines);
        replica1 = sandbox.startReplica(master, nodeLines);
        replica2 = sandbox.startReplica(master, nodeLines);
        String yaml = "main:\n  listen: 127.0.0.1:0\n" + poolLines
                + "  servers:\n   - name: main\n     master: " + master.endpoint()
                + "\n     replicas: [" + replica1.endpoint() + ", " + replica2.endpoint() + "]\n";
        PoolConfig pool = ConfigLoader.parse(yaml, null).pools().get(0);
        PoolTopology topology = staticTopology(pool);
        loops = Transport.best().newGroup(1, "health-it");
        checker = new HealthChecker(pool, loops, () -> topology);
        checker.start();
    }

    /** What a static pool's topology is: each master verified, the replicas as configured. */
    private static PoolTopology staticTopology(PoolConfig pool) {
        long now = System.nanoTime();
        List<ShardTopology> shards = pool.servers().stream()
                .map((ServerConfig s) -> new ShardTopology(s.name(), s.master(), true, 0, s.replicas(), now))
                .toList();
        return new PoolTopology(pool.name(), shards, false);
    }

    private void awaitReadable(RedisNode... replicas) {
        for (RedisNode replica : replicas) {
            await().atMost(PATIENCE).until(() -> checker.readable(replica.endpoint()));
        }
    }

    /** Writes {@code megabytes} MB to the master on a direct connection, so replicas have that much to apply. */
    private void writeToMaster(int megabytes) {
        String value = "x".repeat(VALUE_BYTES);
        try (Jedis jedis = new Jedis(master.host(), master.port(), 10_000)) {
            for (int i = 0; i < megabytes * 10; i++) {
                jedis.set("filler:" + i, value);
            }
        }
    }

    @Test
    void bothReplicasBecomeReadableAndTheMasterIsCheckedButNeverReadable() throws Exception {
        startShard("");

        awaitReadable(replica1, replica2);

        NodeHealth replica = checker.health(replica1.endpoint());
        assertThat(replica.role()).isEqualTo("slave");
        assertThat(replica.master()).isEqualTo(master.endpoint());
        assertThat(replica.linkStatus()).isEqualTo("up");
        assertThat(replica.goodChecks()).isGreaterThanOrEqualTo(PoolConfig.DEFAULT_REPLICA_RECOVERY_CHECKS);
        assertThat(replica.lagBytes()).isBetween(0L, PoolConfig.DEFAULT_MAX_REPLICA_LAG);
        assertThat(replica.lastError()).isNull();
        NodeHealth masterHealth = checker.health(master.endpoint());
        assertThat(masterHealth.role()).isEqualTo("master");
        assertThat(masterHealth.reachable()).isTrue();
        assertThat(masterHealth.offset()).isNotNegative();
        assertThat(checker.readable(master.endpoint())).isFalse();
        Endpoint stranger = new Endpoint("127.0.0.1", 1);
        assertThat(checker.readable(stranger)).isFalse();
        assertThat(checker.caughtUpAt(stranger)).isEqualTo(Long.MIN_VALUE);
        assertThat(checker.health(stranger)).isNull();
    }

    @Test
    void aStoppedReplicaTakesNoReadsWhileWritesFlowAndReturnsAfterTheRecoveryChecks() throws Exception {
        startShard("");
        awaitReadable(replica1, replica2);
        long offsetBefore = checker.health(master.endpoint()).offset();

        replica1.pause();
        try {
            writeToMaster(4);
            await().atMost(PATIENCE).until(() -> !checker.readable(replica1.endpoint()));
            assertThat(checker.health(replica1.endpoint()).lastError()).contains("no answer within 500 ms");
            await().atMost(PATIENCE).until(() -> checker.health(master.endpoint()).offset() >= offsetBefore + 4_000_000);
            awaitReadable(replica2); // the other replica keeps up, and keeps taking reads
        } finally {
            replica1.resume();
        }

        awaitReadable(replica1);
        NodeHealth back = checker.health(replica1.endpoint());
        assertThat(back.goodChecks()).isGreaterThanOrEqualTo(PoolConfig.DEFAULT_REPLICA_RECOVERY_CHECKS);
        assertThat(back.lagBytes()).isLessThanOrEqualTo(PoolConfig.DEFAULT_MAX_REPLICA_LAG);
    }

    @Test
    void aReplicaThatStopsApplyingWritesIsExcludedByItsLag() throws Exception {
        startShard("");
        awaitReadable(replica1, replica2);

        // a replica under CLIENT PAUSE WRITE still answers INFO and ROLE, but applies nothing it receives
        replica1.call("CLIENT", "PAUSE", "60000", "WRITE");
        try {
            writeToMaster(4);
            await().atMost(PATIENCE).until(() -> !checker.readable(replica1.endpoint()));
            NodeHealth behind = checker.health(replica1.endpoint());
            assertThat(behind.reachable()).isTrue();
            assertThat(behind.lastError()).startsWith("lag ").endsWith(" MB > 1 MB");
            assertThat(behind.lagBytes()).isGreaterThan(PoolConfig.DEFAULT_MAX_REPLICA_LAG);
        } finally {
            replica1.call("CLIENT", "UNPAUSE");
        }

        awaitReadable(replica1);
    }

    @Test
    void aReplicaPromotedWithReplicaofNoOneTakesNoReadsUntilItFollowsTheMasterAgain() throws Exception {
        startShard("");
        awaitReadable(replica1, replica2);

        replica2.call("REPLICAOF", "NO", "ONE");

        await().atMost(PATIENCE).until(() -> !checker.readable(replica2.endpoint()));
        NodeHealth promoted = checker.health(replica2.endpoint());
        assertThat(promoted.role()).isEqualTo("master");
        assertThat(promoted.lastError()).isEqualTo("role master, not a replica");
        assertThat(checker.caughtUpAt(replica2.endpoint())).isEqualTo(Long.MIN_VALUE);
        assertThat(checker.readable(replica1.endpoint())).isTrue();

        replica2.call("REPLICAOF", master.host(), String.valueOf(master.port()));

        awaitReadable(replica2);
    }

    @Test
    void aReplicaWhoseLinkToTheMasterIsDownTakesNoReads() throws Exception {
        startShard("");
        awaitReadable(replica1, replica2);

        // the master has no password, so AUTH with one fails and the replica cannot get its link back
        replica2.call("CONFIG", "SET", "masterauth", "wrong");
        replica2.call("CLIENT", "KILL", "TYPE", "master");

        await().atMost(PATIENCE).until(() -> !checker.readable(replica2.endpoint()));
        NodeHealth down = checker.health(replica2.endpoint());
        assertThat(down.lastError()).isEqualTo("link down");
        assertThat(down.role()).isEqualTo("slave");
        assertThat(down.master()).isEqualTo(master.endpoint());

        replica2.call("CONFIG", "SET", "masterauth", "");

        awaitReadable(replica2);
    }

    @Test
    void aKilledReplicaIsUnreachableAndReturnsAfterARestart() throws Exception {
        startShard("");
        awaitReadable(replica1, replica2);

        replica1.kill();

        await().atMost(PATIENCE).until(() -> !checker.readable(replica1.endpoint()));
        assertThat(checker.health(replica1.endpoint()).reachable()).isFalse();

        replica1.restart();

        awaitReadable(replica1);
    }

    @Test
    void caughtUpAtMovesPastAWritesCompletionWithinAFewIntervals() throws Exception {
        startShard("");
        awaitReadable(replica1, replica2);
        long written;
        try (Jedis jedis = new Jedis(master.host(), master.port(), 10_000)) {
            jedis.set("ryw", "mine");
            written = System.nanoTime();
        }

        await().atMost(PATIENCE).until(() -> checker.caughtUpAt(replica1.endpoint()) > written
                && checker.caughtUpAt(replica2.endpoint()) > written);

        // the promise caughtUpAt makes: the replica has the write
        assertThat(replica1.call("GET", "ryw")).isEqualTo("mine");
        assertThat(replica2.call("GET", "ryw")).isEqualTo("mine");
        assertThat(checker.caughtUpAt(replica1.endpoint())).isLessThan(System.nanoTime());
    }

    @Test
    void checksAuthenticateWithThePoolsRedisAuth() throws Exception {
        startShard("  redis_auth: s3cret\n", "requirepass s3cret");

        awaitReadable(replica1, replica2);
        assertThat(checker.health(master.endpoint()).lastError()).isNull();
    }
}
