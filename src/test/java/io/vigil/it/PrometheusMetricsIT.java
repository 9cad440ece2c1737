package io.vigil.it;

import io.vigil.metrics.Meters;
import io.vigil.sandbox.RedisNode;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scrapes {@code /metrics} after known traffic and a Sentinel failover, parses the text strictly,
 * and checks that the counters equal the traffic and that the switch shows.
 */
class PrometheusMetricsIT {

    static final int N = 50;

    @Test
    void countersEqualTheTrafficAndTheFailoverShows() throws Exception {
        try (SentinelFixture f = SentinelFixture.start("  failover_hold: 20000\n  timeout: 5000\n", new Meters(true));
             AdminFixture admin = new AdminFixture(f.server())) {
            f.awaitSentinelsReady(2);
            await().atMost(Duration.ofSeconds(30)).until(() -> admin.get("/health/ready").statusCode() == 200);
            RedisNode oldMaster = f.sentinelMaster();
            int sent = 0;
            int errorReplies = 0;
            try (AdminFixture.Resp c = new AdminFixture.Resp(f.port())) {
                for (int i = 0; i < N; i++) {
                    assertThat(c.call("SET", "k" + i, "v" + i)).isEqualTo("OK");
                    assertThat(c.call("GET", "k" + i)).isEqualTo("v" + i);
                    sent += 2;
                }
                Map<String, Double> m = scrape(admin);
                assertThat(m.get("vigil_client_requests_total{pool=\"ha\"}")).isEqualTo((double) sent);
                assertThat(m.get("vigil_command_duration_seconds_count{command=\"set\",pool=\"ha\"}")).isEqualTo((double) N);
                assertThat(m.get("vigil_command_duration_seconds_count{command=\"get\",pool=\"ha\"}")).isEqualTo((double) N);
                assertThat(m.get("vigil_command_class_duration_seconds_count{class=\"write\",pool=\"ha\"}")).isEqualTo((double) N);
                String node = oldMaster.endpoint().toString();
                assertThat(m.get("vigil_backend_requests_total{node=\"" + node + "\",pool=\"ha\",shard=\"mymaster\"}"))
                        .isEqualTo((double) sent);
                assertThat(m.get("vigil_backend_responses_total{node=\"" + node + "\",pool=\"ha\",shard=\"mymaster\"}"))
                        .isEqualTo((double) sent);
                assertThat(m.get("vigil_shard_master{node=\"" + node + "\",pool=\"ha\",shard=\"mymaster\"}")).isEqualTo(1.0);
                assertThat(m.get("vigil_shard_master_switches_total{pool=\"ha\",shard=\"mymaster\"}")).isEqualTo(0.0);
                assertThat(m.get("vigil_sentinel_link_up{pool=\"ha\",sentinel=\"127.0.0.1:" + f.sentinels.get(0).port() + "\"}"))
                        .isEqualTo(1.0);
                assertThat(m).containsKey("jvm_memory_used_bytes{area=\"heap\"}");

                oldMaster.kill();
                // a write racing the kill may be told its outcome is unknown; the next ones are held
                // while the shard has no master, then written to the new one
                String reply;
                do {
                    reply = c.call("SET", "after", "failover");
                    sent++;
                    if (reply.startsWith("-")) {
                        errorReplies++;
                    }
                } while (!"OK".equals(reply) && errorReplies < 20);
                assertThat(reply).isEqualTo("OK");
            }
            int errors = errorReplies;
            RedisNode newMaster = f.roleMaster();
            assertThat(newMaster).isNotNull().isNotEqualTo(oldMaster);
            int total = sent;
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                Map<String, Double> m = scrape(admin);
                assertThat(m.get("vigil_client_requests_total{pool=\"ha\"}")).isEqualTo((double) total);
                assertThat(m.get("vigil_shard_master_switches_total{pool=\"ha\",shard=\"mymaster\"}")).isEqualTo(1.0);
                assertThat(m.get("vigil_shard_master{node=\"" + newMaster.endpoint() + "\",pool=\"ha\",shard=\"mymaster\"}"))
                        .isEqualTo(1.0);
                assertThat(m).doesNotContainKey("vigil_shard_master{node=\"" + oldMaster.endpoint()
                        + "\",pool=\"ha\",shard=\"mymaster\"}");
                assertThat(m.get("vigil_shard_master_verified{pool=\"ha\",shard=\"mymaster\"}")).isEqualTo(1.0);
                double counted = 0;
                for (String kind : new String[] {"backend_error", "timeout", "outcome_unknown", "protocol_error", "refused"}) {
                    counted += m.get("vigil_errors_total{kind=\"" + kind + "\",pool=\"ha\"}");
                }
                assertThat(counted).as("errors by kind, summed").isEqualTo((double) errors);
                assertThat(m.get("vigil_shard_seconds_since_master_switch{pool=\"ha\",shard=\"mymaster\"}"))
                        .isNotNull().isGreaterThanOrEqualTo(0.0);
                assertThat(m.get("vigil_backend_responses_total{node=\"" + newMaster.endpoint()
                        + "\",pool=\"ha\",shard=\"mymaster\"}")).isGreaterThanOrEqualTo(1.0);
            });
            String events = admin.get("/events").body();
            assertThat(events).contains("\"kind\":\"switch\"", "\"kind\":\"verified\"", "\"kind\":\"first-write\"");
        }
    }

    static Map<String, Double> scrape(AdminFixture admin) throws Exception {
        HttpResponse<String> r = admin.get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("text/plain; version=0.0.4");
        return PrometheusText.parse(r.body());
    }
}
