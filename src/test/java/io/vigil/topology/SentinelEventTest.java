package io.vigil.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.Endpoint;
import org.junit.jupiter.api.Test;

class SentinelEventTest {

    @Test
    void switchMasterNamesTheOldAndTheNewMaster() {
        SentinelEvent e = SentinelEvent.parse("+switch-master", "mymaster 127.0.0.1 7001 127.0.0.1 7002");

        assertThat(e.isSwitchMaster()).isTrue();
        assertThat(e.masterName()).isEqualTo("mymaster");
        assertThat(e.instance()).isEqualTo(new Endpoint("127.0.0.1", 7001));
        assertThat(e.newMaster()).isEqualTo(new Endpoint("127.0.0.1", 7002));
    }

    @Test
    void aMasterEventNamesTheMasterItself() {
        SentinelEvent e = SentinelEvent.parse("+odown", "master mymaster 127.0.0.1 7001 #quorum 2/2");

        assertThat(e.masterName()).isEqualTo("mymaster");
        assertThat(e.instanceType()).isEqualTo("master");
        assertThat(e.instance()).isEqualTo(new Endpoint("127.0.0.1", 7001));
        assertThat(e.newMaster()).isNull();
    }

    @Test
    void aReplicaEventNamesTheMasterAfterTheAt() {
        SentinelEvent e = SentinelEvent.parse("+sdown", "slave 127.0.0.1:7002 127.0.0.1 7002 @ mymaster 127.0.0.1 7001");

        assertThat(e.masterName()).isEqualTo("mymaster");
        assertThat(e.instanceType()).isEqualTo("slave");
        assertThat(e.instance()).isEqualTo(new Endpoint("127.0.0.1", 7002));
    }

    @Test
    void aRoleChangeKeepsItsDetailInThePayload() {
        String payload = "slave 127.0.0.1:7001 127.0.0.1 7001 @ mymaster 127.0.0.1 7002 new reported role is slave";

        SentinelEvent e = SentinelEvent.parse("+role-change", payload);

        assertThat(e.masterName()).isEqualTo("mymaster");
        assertThat(e.payload()).isEqualTo(payload);
    }

    @Test
    void aSentinelEventNamesItsMaster() {
        SentinelEvent e = SentinelEvent.parse("+sentinel",
                "sentinel 5a4e1c9f0d 127.0.0.1 26381 @ cache-1 redis-a.example.net 6379");

        assertThat(e.masterName()).isEqualTo("cache-1");
        assertThat(e.instance()).isEqualTo(new Endpoint("127.0.0.1", 26381));
    }

    @Test
    void hostNamesAreAddresses() {
        SentinelEvent e = SentinelEvent.parse("+switch-master", "cache redis-a.example.net 6379 redis-b.example.net 6380");

        assertThat(e.newMaster()).isEqualTo(new Endpoint("redis-b.example.net", 6380));
    }

    @Test
    void tiltConcernsEveryMaster() {
        SentinelEvent e = SentinelEvent.parse("+tilt", "#tilt mode entered");

        assertThat(e.masterName()).isNull();
        assertThat(e.concerns("mymaster")).isTrue();
        assertThat(e.concerns("other")).isTrue();
    }

    @Test
    void anUnreadablePayloadConcernsEveryMasterInsteadOfFailing() {
        SentinelEvent e = SentinelEvent.parse("+switch-master", "mymaster 127.0.0.1 notaport 127.0.0.1 7002");

        assertThat(e.masterName()).isNull();
        assertThat(e.newMaster()).isNull();
        assertThat(SentinelEvent.parse("+sdown", "").concerns("x")).isTrue();
    }

    @Test
    void anEventAboutAnotherMasterDoesNotConcernThisOne() {
        SentinelEvent e = SentinelEvent.parse("+sdown", "master other 127.0.0.1 7009");

        assertThat(e.concerns("mymaster")).isFalse();
    }
}
