package io.vigil.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.Endpoint;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Which master a sentinel is failing over, read from its {@code SENTINEL master} fields: the old
 * master stays in {@code ip}/{@code port} with {@code failover_in_progress} in {@code flags} until
 * the failover ends, even once {@code get-master-addr-by-name} names the promoted replica.
 */
class FailoverInProgressTest {

    static final Endpoint OLD = new Endpoint("127.0.0.1", 7001);
    static final Endpoint PROMOTED = new Endpoint("127.0.0.1", 7002);
    static final Endpoint S1 = new Endpoint("127.0.0.1", 26379);
    static final Endpoint S2 = new Endpoint("127.0.0.1", 26380);

    @Test
    void theFlaggedMasterIsTheOneInTheMasterFields() {
        Map<String, String> fields = Map.of("ip", "127.0.0.1", "port", "7001", "flags", "master,failover_in_progress");
        assertThat(SentinelQuery.failingOver(fields, fields.get("flags"))).isEqualTo(OLD);
    }

    @Test
    void noFlagNoFailover() {
        Map<String, String> fields = Map.of("ip", "127.0.0.1", "port", "7001", "flags", "master,s_down,o_down");
        assertThat(SentinelQuery.failingOver(fields, fields.get("flags"))).isNull();
    }

    @Test
    void aFailoverInProgressConcernsTheOldMasterNotThePromotedReplica() {
        // the leader after the promotion: it names the promoted replica, its fields still the old master
        SentinelAnswer leader = new SentinelAnswer(S1, PROMOTED, 1, "master,failover_in_progress", List.of(),
                List.of(), null, OLD);
        SentinelAnswer other = new SentinelAnswer(S2, OLD, 0, "master", List.of(), List.of(), null, null);

        assertThat(ShardResolver.failoverInProgress(List.of(leader, other), OLD)).contains(S1.toString());
        assertThat(ShardResolver.failoverInProgress(List.of(leader, other), PROMOTED)).isNull();
        assertThat(ShardResolver.failoverInProgress(List.of(other), OLD)).isNull();
    }
}
