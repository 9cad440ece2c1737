package io.vigil.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.config.Endpoint;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Replicas that sync and sentinels that find each other, as the proxy's integration tests need. */
class ReplicationAndSentinelTest {

    /** Sentinels greet each other on the master's hello channel every 2 s; this allows for a slow machine. */
    private static final Duration DISCOVERY_TIMEOUT = Duration.ofSeconds(30);

    private final Sandbox sandbox = new Sandbox();

    @AfterEach
    void closeSandbox() {
        sandbox.close();
    }

    @Test
    void replicaIsInSyncWhenStartReplicaReturns() {
        RedisNode master = sandbox.startRedis();
        master.call("SET", "before", "1");

        RedisNode replica = sandbox.startReplica(master);

        assertThat(replica.role()).isEqualTo("slave");
        assertThat(replica.call("INFO", "replication")).contains("master_link_status:up");
        assertThat(replica.call("GET", "before")).isEqualTo("1");
        assertThat(master.call("INFO", "replication")).contains("connected_slaves:1");
    }

    @Test
    void replicaOfAPasswordProtectedMasterAuthenticatesWithItsPassword() {
        RedisNode master = sandbox.startRedis("requirepass s3cret");

        RedisNode replica = sandbox.startReplica(master, "requirepass s3cret");

        assertThat(replica.role()).isEqualTo("slave");
    }

    @Test
    void threeSentinelsFindEachOtherAndReportTheMaster() {
        RedisNode master = sandbox.startRedis();
        sandbox.startReplica(master);
        for (int i = 0; i < 3; i++) {
            sandbox.startSentinel("mymaster", master, 2, "sentinel down-after-milliseconds mymaster 2000");
        }
        List<SentinelNode> sentinels = sandbox.sentinels();

        for (SentinelNode sentinel : sentinels) {
            assertThat(sentinel.call("SENTINEL", "get-master-addr-by-name", "mymaster"))
                    .isEqualTo("127.0.0.1\n" + master.port());
            assertThat(sentinel.masterEndpoint()).contains(new Endpoint("127.0.0.1", master.port()));
        }
        await().atMost(DISCOVERY_TIMEOUT).untilAsserted(() -> {
            for (SentinelNode sentinel : sentinels) {
                assertThat(sentinel.call("SENTINEL", "master", "mymaster"))
                        .contains("num-other-sentinels\n2")
                        .contains("num-slaves\n1");
            }
        });
        assertThat(sentinels.get(0).call("SENTINEL", "ckquorum", "mymaster")).startsWith("OK 3 usable");
    }

    @Test
    void sentinelOfAnUnknownMasterNameReportsNone() {
        RedisNode master = sandbox.startRedis();
        SentinelNode sentinel = sandbox.startSentinel("mymaster", master, 1);

        assertThat(sentinel.call("SENTINEL", "get-master-addr-by-name", "other")).isNull();
        assertThat(sentinel.masterName()).isEqualTo("mymaster");
    }
}
