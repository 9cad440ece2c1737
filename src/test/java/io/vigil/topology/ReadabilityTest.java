package io.vigil.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.Endpoint;
import org.junit.jupiter.api.Test;

/** Checks weighed together: one bad check excludes, a run of good ones brings a replica back. */
class ReadabilityTest {

    static final Endpoint REPLICA = new Endpoint("127.0.0.1", 7002);
    static final Endpoint MASTER = new Endpoint("127.0.0.1", 7001);
    static final int RECOVERY = 3;

    static Finding good(long caughtUpAt) {
        return new Finding(true, "slave", MASTER, "up", 5000, "id", 0, caughtUpAt, false, null);
    }

    static Finding bad(String why) {
        return new Finding(true, "slave", MASTER, "down", 5000, "id", -1, Long.MIN_VALUE, false, why);
    }

    static NodeHealth apply(NodeHealth before, Finding... findings) {
        NodeHealth health = before;
        for (Finding found : findings) {
            health = Readability.next(health, REPLICA, found, true, RECOVERY, 0);
        }
        return health;
    }

    @Test
    void aReplicaTakesReadsOnlyAfterTheRecoveryChecksAtStartToo() {
        NodeHealth two = apply(null, good(1), good(2));
        assertThat(two.readable()).isFalse();
        assertThat(two.goodChecks()).isEqualTo(2);

        NodeHealth three = apply(two, good(3));
        assertThat(three.readable()).isTrue();
        assertThat(three.lastError()).isNull();
    }

    @Test
    void oneBadCheckExcludesAtOnceAndRecoveryStartsOver() {
        NodeHealth readable = apply(null, good(1), good(2), good(3), good(4));
        assertThat(readable.readable()).isTrue();

        NodeHealth down = apply(readable, bad("link down"));
        assertThat(down.readable()).isFalse();
        assertThat(down.goodChecks()).isZero();
        assertThat(down.lastError()).isEqualTo("link down");

        assertThat(apply(down, good(5), good(6)).readable()).isFalse();
        assertThat(apply(down, good(5), bad("no answer within 500 ms"), good(6), good(7)).readable()).isFalse();
        assertThat(apply(down, good(5), good(6), good(7)).readable()).isTrue();
    }

    @Test
    void caughtUpAtOnlyMovesForwardAndSurvivesAnUnansweredCheck() {
        NodeHealth health = apply(null, good(100), good(Long.MIN_VALUE));
        assertThat(health.caughtUpAtNanos()).isEqualTo(100);

        health = apply(health, Finding.unanswered("no answer within 500 ms"));
        assertThat(health.caughtUpAtNanos()).isEqualTo(100);
        assertThat(health.reachable()).isFalse();

        assertThat(apply(health, good(250)).caughtUpAtNanos()).isEqualTo(250);
    }

    @Test
    void caughtUpAtIsForgottenWhenTheReplicaStopsFollowingTheMaster() {
        NodeHealth health = apply(null, good(100));
        Finding promoted = new Finding(true, "master", null, null, -1, null, -1, Long.MIN_VALUE, true,
                "role master, not a replica");

        assertThat(apply(health, promoted).caughtUpAtNanos()).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void aMasterIsNeverReadableNorCaughtUp() {
        Finding master = new Finding(true, "master", null, null, 5000, "id", -1, Long.MIN_VALUE, false, null);
        NodeHealth health = null;
        for (int i = 0; i < 5; i++) {
            health = Readability.next(health, MASTER, master, false, RECOVERY, i);
        }
        assertThat(health.readable()).isFalse();
        assertThat(health.goodChecks()).isEqualTo(5);
        assertThat(health.caughtUpAtNanos()).isEqualTo(Long.MIN_VALUE);
        assertThat(health.checkedAtNanos()).isEqualTo(4);
    }

    @Test
    void bytesReadAsPowersOf1024WithOneDecimal() {
        assertThat(Readability.bytes(0)).isEqualTo("0 B");
        assertThat(Readability.bytes(1023)).isEqualTo("1023 B");
        assertThat(Readability.bytes(64 * 1024)).isEqualTo("64 KB");
        assertThat(Readability.bytes(1024 * 1024)).isEqualTo("1 MB");
        assertThat(Readability.bytes(4_404_019)).isEqualTo("4.2 MB");
        assertThat(Readability.bytes(2L << 30)).isEqualTo("2 GB");
    }
}
