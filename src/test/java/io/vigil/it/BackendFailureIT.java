package io.vigil.it;

import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** A dead or stuck backend costs clients a clear error, never a hang, and never their connection. */
class BackendFailureIT {

    @Test
    void aKilledBackendGivesErrorsAndTheSameConnectionWorksAfterItsRestart() throws Exception {
        try (VigilFixture vigil = VigilFixture.start("  timeout: 1000\n"); Jedis j = vigil.jedis()) {
            assertThat(j.set("before", "1")).isEqualTo("OK");
            vigil.master.kill();
            assertThatThrownBy(() -> j.get("before")).isInstanceOf(JedisDataException.class)
                    .hasMessageStartingWith("ERR Vigil:");
            // still failing cleanly while the node is down (refused, resting): never a hang
            assertThatThrownBy(() -> j.set("during", "x")).isInstanceOf(JedisDataException.class)
                    .hasMessageStartingWith("ERR Vigil:");
            vigil.master.restart();
            await().atMost(10, TimeUnit.SECONDS).ignoreExceptions()
                    .until(() -> "OK".equals(j.set("after", "2")));
            assertThat(j.get("after")).isEqualTo("2");
        }
    }

    @Test
    void aStuckBackendTimesOutAndRecoversWhenResumed() throws Exception {
        try (VigilFixture vigil = VigilFixture.start("  timeout: 500\n"); Jedis j = vigil.jedis()) {
            assertThat(j.set("k", "v")).isEqualTo("OK");
            vigil.master.pause();
            try {
                assertThatThrownBy(() -> j.get("k")).isInstanceOf(JedisDataException.class)
                        .hasMessageContaining("no reply from").hasMessageContaining("within 500 ms");
            } finally {
                vigil.master.resume();
            }
            await().atMost(10, TimeUnit.SECONDS).ignoreExceptions().until(() -> "v".equals(j.get("k")));
        }
    }

    @Test
    void aBlockingCommandIsNotCutByTheRequestTimeout() throws Exception {
        try (VigilFixture vigil = VigilFixture.start("  timeout: 300\n"); Jedis j = vigil.jedis()) {
            // BLPOP with a 1 s timeout outlives the 300 ms request timeout and answers nil
            assertThat(j.blpop(1, "empty-list")).isNull();
            assertThat(j.ping()).isEqualTo("PONG");
        }
    }
}
