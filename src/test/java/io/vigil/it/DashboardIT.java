package io.vigil.it;

import io.vigil.metrics.Meters;
import io.vigil.sandbox.RedisNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard in headless Chromium: before a failover it shows the Sentinel master; after the
 * master is killed it shows the new master and the failover on its timeline. Screenshots before
 * and after are saved in target/dashboard/.
 */
class DashboardIT {

    static final Path SCREENSHOTS = Path.of("target", "dashboard");

    @Test
    void showsTheNewMasterAndTheFailoverOnItsTimeline() throws Exception {
        AtomicBoolean writing = new AtomicBoolean(true);
        try (SentinelFixture f = SentinelFixture.start("  failover_hold: 20000\n", new Meters(true));
             AdminFixture admin = new AdminFixture(f.server())) {
            Chromium chromium = new Chromium(f.sandbox.dir());
            f.awaitSentinelsReady(2);
            await().atMost(Duration.ofSeconds(30)).until(() -> admin.get("/health/ready").statusCode() == 200);
            Thread writer = new Thread(() -> writeUntil(f.port(), writing), "dashboard-writer");
            writer.setDaemon(true);
            writer.start();
            RedisNode oldMaster = f.sentinelMaster();

            String before = chromium.dumpDom(admin.url("/"));
            assertThat(before).contains(masterSpan(oldMaster)).doesNotContain("data-kind=\"switch\"");
            chromium.screenshot(admin.url("/"), SCREENSHOTS.resolve("before-failover.png"));

            oldMaster.kill();
            await().atMost(Duration.ofSeconds(40)).until(() -> {
                RedisNode now = f.roleMaster();
                String topology = admin.get("/topology").body();
                return now != null && now != oldMaster && topology.contains("\"master\":\"" + now.endpoint()
                        + "\",\"verified\":true") && admin.get("/events").body().contains("\"kind\":\"first-write\"");
            });
            RedisNode newMaster = f.roleMaster();

            String after = chromium.dumpDom(admin.url("/"));
            assertThat(after).contains(masterSpan(newMaster)).doesNotContain(masterSpan(oldMaster));
            assertThat(after).as("the failover on the timeline").contains(
                    "class=\"tl-event\" data-kind=\"switch\" data-shard=\"mymaster\"",
                    "class=\"tl-event\" data-kind=\"verified\" data-shard=\"mymaster\"",
                    "class=\"tl-event\" data-kind=\"first-write\" data-shard=\"mymaster\"");
            assertThat(after).containsAnyOf("data-kind=\"kill\"", "data-kind=\"sdown\"", "data-kind=\"odown\"");
            chromium.screenshot(admin.url("/"), SCREENSHOTS.resolve("after-failover.png"));
        } finally {
            writing.set(false);
        }
    }

    private static String masterSpan(RedisNode node) {
        return "class=\"master\" data-shard=\"mymaster\" data-verified=\"true\">" + node.endpoint() + "<";
    }

    /** Keeps a client writing, so the charts move and the new master acknowledges a first write. */
    private static void writeUntil(int port, AtomicBoolean writing) {
        int i = 0;
        while (writing.get()) {
            try (AdminFixture.Resp c = new AdminFixture.Resp(port)) {
                while (writing.get()) {
                    c.call("SET", "dashboard:" + (i++ % 100), "v");
                    Thread.sleep(20);
                }
            } catch (Exception e) {
                // the connection was lost in the failover: connect again
            }
        }
    }
}
