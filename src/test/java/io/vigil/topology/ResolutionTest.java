package io.vigil.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.Endpoint;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResolutionTest {

    private static final Endpoint A = new Endpoint("127.0.0.1", 7001);
    private static final Endpoint B = new Endpoint("127.0.0.1", 7002);
    private static final Endpoint C = new Endpoint("10.0.0.3", 7003);

    @Test
    void sentinelsThatAgreeNameTheirMaster() {
        Resolution r = Resolution.decide(List.of(says(1, A, 0), says(2, A, 0), says(3, A, 0)));

        assertThat(r.candidate()).isEqualTo(A);
        assertThat(r.configEpoch()).isZero();
        assertThat(r.backers()).containsExactly(sentinel(1), sentinel(2), sentinel(3));
        assertThat(r.summary()).isEqualTo("127.0.0.1:7001 at epoch 0 from 127.0.0.1:26001, 127.0.0.1:26002, 127.0.0.1:26003");
    }

    @Test
    void theHighestConfigEpochWinsOverAMajority() {
        Resolution r = Resolution.decide(List.of(says(1, A, 3), says(2, A, 3), says(3, B, 4)));

        assertThat(r.candidate()).isEqualTo(B);
        assertThat(r.configEpoch()).isEqualTo(4);
        assertThat(r.backers()).containsExactly(sentinel(3));
    }

    @Test
    void replicasAreEveryOneABackerReportsHealthyInAStableOrder() {
        Endpoint r1 = new Endpoint("127.0.0.1", 7011);
        Endpoint r2 = new Endpoint("127.0.0.1", 7012);
        Endpoint r3 = new Endpoint("127.0.0.1", 7013);
        List<SentinelAnswer> answers = List.of(
                new SentinelAnswer(sentinel(1), A, 1, "master", List.of(r2), List.of(), null),
                new SentinelAnswer(sentinel(2), A, 1, "master", List.of(r1, r2, A), List.of(), null),
                new SentinelAnswer(sentinel(3), B, 0, "master", List.of(r3), List.of(), null));

        assertThat(Resolution.decide(answers).replicas()).containsExactly(r1, r2);
        assertThat(Resolution.decide(List.of(answers.get(1), answers.get(0))).replicas()).containsExactly(r1, r2);
    }

    @Test
    void amongEqualEpochsTheMajorityWins() {
        Resolution r = Resolution.decide(List.of(says(1, B, 5), says(2, A, 5), says(3, B, 5)));

        assertThat(r.candidate()).isEqualTo(B);
        assertThat(r.backers()).containsExactly(sentinel(1), sentinel(3));
        assertThat(r.summary()).isEqualTo(
                "127.0.0.1:7002 at epoch 5 from 127.0.0.1:26001, 127.0.0.1:26003; 127.0.0.1:7001 at epoch 5 from 127.0.0.1:26002");
    }

    @Test
    void aTieAtTheTopEpochNamesNoOne() {
        Resolution r = Resolution.decide(List.of(says(1, A, 2), says(2, B, 2), says(3, C, 1)));

        assertThat(r.candidate()).isNull();
        assertThat(r.replicas()).isEmpty();
        assertThat(r.summary()).startsWith("no majority at epoch 2: ");
    }

    @Test
    void aPluralityWithoutAMajorityNamesNoOne() {
        Resolution r = Resolution.decide(List.of(says(1, A, 2), says(2, A, 2), says(3, B, 2), says(4, C, 2)));

        assertThat(r.candidate()).isNull();
    }

    @Test
    void sentinelsThatGaveNoAddressDoNotVote() {
        Resolution r = Resolution.decide(List.of(
                SentinelAnswer.failed(sentinel(1), "timed out"),
                SentinelAnswer.failed(sentinel(2), "knows no master named mymaster"),
                says(3, C, 0)));

        assertThat(r.candidate()).isEqualTo(C);
        assertThat(r.summary()).isEqualTo("10.0.0.3:7003 at epoch 0 from 127.0.0.1:26003; "
                + "127.0.0.1:26001: timed out; 127.0.0.1:26002: knows no master named mymaster");
    }

    @Test
    void anUnknownEpochLosesToAKnownOne() {
        Resolution r = Resolution.decide(List.of(says(1, A, -1), says(2, A, -1), says(3, B, 0)));

        assertThat(r.candidate()).isEqualTo(B);
    }

    @Test
    void noAnswersNameNoOne() {
        Resolution r = Resolution.decide(List.of());

        assertThat(r.candidate()).isNull();
        assertThat(r.summary()).isEqualTo("no sentinel reachable");
    }

    @Test
    void aHostNameIsAnAddressLikeAnyOther() {
        Endpoint named = new Endpoint("redis-b.example.net", 6379);

        Resolution r = Resolution.decide(List.of(says(1, named, 1), says(2, named, 1), says(3, A, 1)));

        assertThat(r.candidate()).isEqualTo(named);
    }

    private static SentinelAnswer says(int sentinel, Endpoint master, long epoch) {
        return new SentinelAnswer(sentinel(sentinel), master, epoch, "master", List.of(), List.of(), null);
    }

    private static Endpoint sentinel(int n) {
        return new Endpoint("127.0.0.1", 26000 + n);
    }
}
