package io.vigil.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.Endpoint;
import io.vigil.topology.SentinelAnswer.SentinelAddress;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading Sentinel's replies; the replies are shaped as Redis 7.0 sends them. */
class SentinelQueryTest {

    @Test
    void onlyReplicasUpAndInSyncAreHealthy() {
        List<Object> reply = List.of(
                replica("127.0.0.1", "7002", "slave", "ok"),
                replica("127.0.0.1", "7003", "s_down,slave,disconnected", "err"),
                replica("127.0.0.1", "7004", "slave", "err"),
                replica("127.0.0.1", "7005", "slave,o_down", "ok"),
                replica("127.0.0.1", "7006", "slave,disconnected", "ok"),
                replica("replica-7.example.net", "7007", "slave,promoted", "ok"));

        assertThat(SentinelQuery.healthyReplicas(reply)).containsExactly(
                new Endpoint("127.0.0.1", 7002), new Endpoint("replica-7.example.net", 7007));
    }

    @Test
    void aReplicaWithoutFlagsOrAddressIsNotHealthy() {
        List<Object> reply = List.of(
                List.of("ip", "127.0.0.1", "port", "7002", "master-link-status", "ok"),
                List.of("flags", "slave", "master-link-status", "ok"),
                List.of("ip", "127.0.0.1", "port", "nope", "flags", "slave", "master-link-status", "ok"));

        assertThat(SentinelQuery.healthyReplicas(reply)).isEmpty();
    }

    @Test
    void anErrorReplyHasNoReplicas() {
        assertThat(SentinelQuery.healthyReplicas(new RespError("ERR No such master with that name"))).isEmpty();
    }

    @Test
    void sentinelsFlaggedDownAreNotLearned() {
        List<Object> reply = List.of(
                List.of("name", "aa", "ip", "127.0.0.1", "port", "26380", "runid", "aa", "flags", "sentinel"),
                List.of("name", "bb", "ip", "127.0.0.1", "port", "26381", "runid", "bb", "flags", "s_down,sentinel"));

        assertThat(SentinelQuery.liveSentinels(reply))
                .containsExactly(new SentinelAddress(new Endpoint("127.0.0.1", 26380), "aa"));
    }

    @Test
    void masterAddressIsAnIpAndAPortOrNothing() {
        assertThat(SentinelQuery.address(List.of("127.0.0.1", "7001"))).isEqualTo(new Endpoint("127.0.0.1", 7001));
        assertThat(SentinelQuery.address(null)).isNull();
        assertThat(SentinelQuery.address(new RespError("ERR unknown"))).isNull();
    }

    @Test
    void fieldListsBecomeMaps() {
        List<Object> master = Arrays.asList("name", "mymaster", "flags", "master", "config-epoch", "3", "odd");

        assertThat(SentinelQuery.fields(master))
                .containsEntry("name", "mymaster")
                .containsEntry("config-epoch", "3")
                .doesNotContainKey("odd");
    }

    private static List<Object> replica(String ip, String port, String flags, String link) {
        return List.of("name", ip + ":" + port, "ip", ip, "port", port, "runid", "x", "flags", flags,
                "master-link-status", link, "master-host", "127.0.0.1", "master-port", "7001");
    }
}
