package io.vigil.it;

import io.vigil.sandbox.RedisNode;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** read_policy replicas under Sentinel: a failover during a mixed load costs readers no error. */
class ReadsDuringFailoverIT {

    @Test
    void readsKeepFlowingAndWritesFollowTheNewMaster() throws Exception {
        String pool = "  timeout: 1000\n  failover_hold: 8000\n  read_policy: replicas\n";
        try (SentinelFixture ha = SentinelFixture.start(pool); Jedis w = ha.jedis(); Jedis r = ha.jedis()) {
            ha.awaitSentinelsReady(2);
            w.set("read-me", "yes");
            await().atMost(10, TimeUnit.SECONDS).until(() -> ha.nodes.stream()
                    .allMatch(n -> "yes".equals(n.call("GET", "read-me"))));
            try (Load writer = new Load("writer", w, (j, n) -> j.set("w:" + n, "x"));
                 Load reader = new Load("reader", r, (j, n) -> {
                     if (!"yes".equals(j.get("read-me"))) {
                         throw new AssertionError("wrong value");
                     }
                     return null;
                 })) {
                await().atMost(20, TimeUnit.SECONDS).until(() -> reader.successCount() > 200 && writer.successCount() > 50);
                RedisNode old = ha.sentinelMaster();
                long readsBefore = replicaGets(ha, old);
                assertThat(readsBefore).as("reads served by replicas before the failover").isPositive();
                old.kill();
                await().atMost(30, TimeUnit.SECONDS).until(() -> ha.sentinelMaster() != old);
                RedisNode promoted = ha.sentinelMaster();
                await().atMost(30, TimeUnit.SECONDS).until(() -> {
                    Load.Outcome last = writer.successes.get(writer.successes.size() - 1);
                    return promoted.call("EXISTS", "w:" + last.seq()).equals("1");
                });
                long readsAfterSwitch = reader.successCount();
                await().atMost(30, TimeUnit.SECONDS).until(() -> reader.successCount() > readsAfterSwitch + 200);
                assertThat(reader.errors).as("reader errors").isEmpty();
                assertThat(reader.connectionLost).isNull();
                assertThat(writer.connectionLost).isNull();
            }
        }
    }

    private static long replicaGets(SentinelFixture ha, RedisNode master) {
        long total = 0;
        for (RedisNode n : ha.nodes) {
            if (n != master && n.isAlive()) {
                total += ReadSplitIT.calls(n, "get");
            }
        }
        return total;
    }
}
