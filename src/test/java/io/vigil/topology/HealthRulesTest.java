package io.vigil.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.Endpoint;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A replica's answers, judged: what makes a check good, the lag and the caught-up time. */
class HealthRulesTest {

    static final Endpoint MASTER = new Endpoint("127.0.0.1", 7001);
    static final String ID = "456fe85a6058d28033d4de5332e63547298cf73b";
    static final long MIB = 1024 * 1024;
    static final long T = 1_000_000_000L;

    static final List<Object> ROLE_SLAVE = List.of("slave", "127.0.0.1", 7001L, "connected", 5000L);

    static String info(String host, int port, String link, long offset, String id) {
        return "# Replication\r\nrole:slave\r\nmaster_host:" + host + "\r\nmaster_port:" + port
                + "\r\nmaster_link_status:" + link + "\r\nslave_read_repl_offset:" + offset
                + "\r\nslave_repl_offset:" + offset + "\r\nmaster_replid:" + id + "\r\n";
    }

    static Finding check(Object role, Object info, MasterSample sample) {
        return HealthRules.replica(role, info, MASTER, List.of(), sample, MIB);
    }

    @Test
    void aReplicaUpToDateWithItsMasterIsGoodAndCaughtUpAtTheSampleTime() {
        Finding found = check(ROLE_SLAVE, info("127.0.0.1", 7001, "up", 5000, ID), new MasterSample(T, 5000, ID));

        assertThat(found.good()).isTrue();
        assertThat(found.lagBytes()).isZero();
        assertThat(found.caughtUpAtNanos()).isEqualTo(T);
        assertThat(found.follows()).isEqualTo(MASTER);
        assertThat(found.linkStatus()).isEqualTo("up");
    }

    @Test
    void aReplicaAheadOfTheEarlierSampleHasNoLagAndIsCaughtUp() {
        Finding found = check(ROLE_SLAVE, info("127.0.0.1", 7001, "up", 7000, ID), new MasterSample(T, 5000, ID));

        assertThat(found.lagBytes()).isZero();
        assertThat(found.caughtUpAtNanos()).isEqualTo(T);
    }

    @Test
    void aReplicaBehindWithinTheLimitIsGoodButNotCaughtUpAtThatSample() {
        Finding found = check(ROLE_SLAVE, info("127.0.0.1", 7001, "up", 5000, ID), new MasterSample(T, 5000 + MIB, ID));

        assertThat(found.good()).isTrue();
        assertThat(found.lagBytes()).isEqualTo(MIB);
        assertThat(found.caughtUpAtNanos()).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void aReplicaBehindBeyondTheLimitIsBadAndSaysByHowMuch() {
        long lag = (long) (4.2 * MIB);
        Finding found = check(ROLE_SLAVE, info("127.0.0.1", 7001, "up", 100, ID), new MasterSample(T, 100 + lag, ID));

        assertThat(found.problem()).isEqualTo("lag 4.2 MB > 1 MB");
        assertThat(found.lagBytes()).isEqualTo(lag);
        assertThat(found.diverged()).isFalse();
    }

    @Test
    void aLinkThatIsNotUpIsBadEvenWhenTheReplicaHasEverything() {
        Finding found = check(ROLE_SLAVE, info("127.0.0.1", 7001, "down", 5000, ID), new MasterSample(T, 5000, ID));

        assertThat(found.problem()).isEqualTo("link down");
        assertThat(found.caughtUpAtNanos()).isEqualTo(T);
    }

    @Test
    void aReplicaPromotedToMasterIsBadAndDiverged() {
        Finding found = check(List.of("master", 5000L, List.of()), "# Replication\r\nrole:master\r\n",
                new MasterSample(T, 5000, ID));

        assertThat(found.problem()).isEqualTo("role master, not a replica");
        assertThat(found.diverged()).isTrue();
        assertThat(found.role()).isEqualTo("master");
    }

    @Test
    void aReplicaOfAnotherMasterIsBadAndDiverged() {
        Finding found = check(ROLE_SLAVE, info("127.0.0.1", 7009, "up", 5000, ID), new MasterSample(T, 5000, ID));

        assertThat(found.problem()).isEqualTo("follows 127.0.0.1:7009, not the shard's master 127.0.0.1:7001");
        assertThat(found.diverged()).isTrue();
    }

    @Test
    void aMasterNamedByHostNameMatchesAReplicaThatNamesItByAddress() throws Exception {
        Endpoint byName = new Endpoint("db-1.example.net", 7001);
        List<InetAddress> resolved = List.of(InetAddress.getByName("10.0.0.7"));

        Finding found = HealthRules.replica(ROLE_SLAVE, info("10.0.0.7", 7001, "up", 5000, ID), byName, resolved,
                new MasterSample(T, 5000, ID), MIB);

        assertThat(found.good()).isTrue();
        assertThat(HealthRules.sameNode(new Endpoint("DB-1.example.net", 7001), byName, List.of())).isTrue();
        assertThat(HealthRules.sameNode(new Endpoint("10.0.0.8", 7001), byName, resolved)).isFalse();
        assertThat(HealthRules.sameNode(new Endpoint("10.0.0.7", 7002), byName, resolved)).isFalse();
    }

    @Test
    void withoutAMasterSampleLagIsUnknownAndDoesNotCountAgainstTheReplica() {
        Finding found = check(ROLE_SLAVE, info("127.0.0.1", 7001, "up", 5000, ID), null);

        assertThat(found.good()).isTrue();
        assertThat(found.lagBytes()).isEqualTo(-1);
        assertThat(found.caughtUpAtNanos()).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void offsetsOfAnotherReplicationHistoryAreNotCompared() {
        Finding found = check(ROLE_SLAVE, info("127.0.0.1", 7001, "up", 9_000_000, "other"),
                new MasterSample(T, 5000, ID));

        assertThat(found.lagBytes()).isEqualTo(-1);
        assertThat(found.caughtUpAtNanos()).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void errorRepliesAreBadAnswersFromAReachableNode() {
        Finding noAuth = check(new RespError("NOAUTH Authentication required."), null, null);
        assertThat(noAuth.problem()).isEqualTo("ROLE answered -NOAUTH Authentication required.");
        assertThat(noAuth.reachable()).isTrue();

        Finding loading = check(ROLE_SLAVE, new RespError("LOADING Redis is loading the dataset in memory"), null);
        assertThat(loading.problem()).isEqualTo("INFO replication answered -LOADING Redis is loading the dataset in memory");
    }

    @Test
    void aShardWithoutAKnownMasterHasNoReadableReplica() {
        Finding found = HealthRules.replica(ROLE_SLAVE, info("127.0.0.1", 7001, "up", 5000, ID), null, List.of(),
                null, MIB);

        assertThat(found.problem()).isEqualTo("the shard has no known master");
    }

    @Test
    void aMasterCheckSamplesItsOffsetOnlyWhenItIsStillMaster() {
        Finding master = HealthRules.master(ReplicationInfoTest.MASTER);
        assertThat(master.good()).isTrue();
        assertThat(HealthRules.sample(master, T)).isEqualTo(new MasterSample(T, 2_000_674L, ID));

        Finding demoted = HealthRules.master(ReplicationInfoTest.REPLICA);
        assertThat(demoted.problem()).isEqualTo("role slave, not master");
        assertThat(HealthRules.sample(demoted, T)).isNull();
        assertThat(HealthRules.sample(Finding.unanswered("no answer within 500 ms"), T)).isNull();
    }
}
