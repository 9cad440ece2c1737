package io.vigil.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DistributionTest {

    private static List<Member> members(int... weights) {
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < weights.length; i++) {
            members.add(new Member(i, "server" + i, weights[i]));
        }
        return members;
    }

    /** Expected counts come from nutcracker's own formula compiled with gcc on x86-64. */
    @Test
    void ketamaPointsPerServerRoundLikeNutcrackersSinglePrecisionFormula() {
        assertThat(points(1, 2, 3)).containsExactly(80, 160, 240);
        assertThat(points(1, 1, 1)).containsExactly(160, 160, 160);
        assertThat(points(1, 2, 3, 4)).containsExactly(64, 128, 192, 256);
        assertThat(points(3, 5, 7)).containsExactly(96, 160, 224);
        assertThat(points(1, 1, 1, 1, 7)).containsExactly(72, 72, 72, 72, 508);
        assertThat(points(10, 20, 30, 45)).containsExactly(60, 120, 180, 272);
        // 29 / 60 × 40 × 3 is 58 exactly, but 57.9999962 in floats: 228 points, not 232.
        assertThat(points(29, 15, 16)).containsExactly(228, 120, 128);
    }

    @Test
    void aKetamaServerFarTooLightForFourPointsGetsNoneAndNoKeys() {
        assertThat(points(1, 100)).containsExactly(0, 316);
        Ketama ring = Ketama.of(members(1, 100));
        assertThat(ring.pointsOf(0)).isZero();
        for (long hash = 0; hash <= 0xFFFF_FFFFL; hash += 0x0100_0001L) {
            assertThat(ring.shardFor(hash)).isEqualTo(1);
        }
    }

    @Test
    void ketamaRingHoldsEveryServersPointsAndWrapsAboveTheLast() {
        Ketama ring = Ketama.of(members(1, 2, 3));
        assertThat(ring.pointsOf(0)).isEqualTo(80);
        assertThat(ring.pointsOf(1)).isEqualTo(160);
        assertThat(ring.pointsOf(2)).isEqualTo(240);
        assertThat(ring.shardFor(0xFFFF_FFFFL)).isEqualTo(ring.shardFor(0));
    }

    @Test
    void ketamaPointNamesAreCutWhereNutcrackersBufferEnds() {
        assertThat(new String(Ketama.pointName("redis-a".getBytes(), 12))).isEqualTo("redis-a-12");
        byte[] longName = "n".repeat(270).getBytes();
        assertThat(new String(Ketama.pointName(longName, 12))).isEqualTo("n".repeat(270) + "-1");
        assertThat(Ketama.pointName("n".repeat(300).getBytes(), 3)).hasSize(Ketama.MAX_POINT_NAME_BYTES);
    }

    @Test
    void modulaGivesEachServerAsManySlotsAsItsWeightInNutcrackersNameOrder() {
        // File order: "bb" (weight 1) then "a" (weight 2). nutcracker sorts by name, shorter first:
        // slots are a, a, bb.
        Modula modula = Modula.of(List.of(new Member(0, "bb", 1), new Member(1, "a", 2)));
        assertThat(modula.shardFor(0)).isEqualTo(1);
        assertThat(modula.shardFor(1)).isEqualTo(1);
        assertThat(modula.shardFor(2)).isEqualTo(0);
        assertThat(modula.shardFor(3)).isEqualTo(1);
        assertThat(modula.shardFor(0xFFFF_FFFFL)).as("4294967295 = 3 × 1431655765: slot 0").isEqualTo(1);
    }

    @Test
    void nutcrackerOrdersServersByNameLengthThenBytes() {
        List<Member> sorted = Member.inNutcrackerOrder(List.of(new Member(0, "zz", 1), new Member(1, "b", 1),
                new Member(2, "aaa", 1), new Member(3, "a", 1), new Member(4, "\u00e9", 1)));
        assertThat(sorted).extracting(Member::name).containsExactly("a", "b", "zz", "\u00e9", "aaa");
    }

    @Test
    void randomIgnoresWeightsAndReachesEveryShardEvenly() {
        Distribution random = Distribution.named("random", members(1, 2, 3, 4));
        int[] counts = new int[4];
        for (int i = 0; i < 40_000; i++) {
            counts[random.shardFor(i)]++;
        }
        // 10,000 expected each; the standard deviation is about 87.
        assertThat(java.util.Arrays.stream(counts).boxed()).allSatisfy(count -> assertThat(count).isBetween(9_400, 10_600));
        assertThat(random.usesHash()).isFalse();
    }

    @Test
    void unknownDistributionsAndEmptyPoolsAreRefused() {
        assertThatThrownBy(() -> Distribution.named("consistent", members(1)))
                .hasMessage("distribution: 'consistent' (expected: one of [ketama, modula, random])");
        assertThatThrownBy(() -> Distribution.named("ketama", List.of()))
                .hasMessage("members: [] (expected: at least one server)");
    }

    private static int[] points(int... weights) {
        long total = 0;
        for (int weight : weights) {
            total += weight;
        }
        int[] points = new int[weights.length];
        for (int i = 0; i < weights.length; i++) {
            points[i] = Ketama.pointsPerServer(weights[i], total, weights.length);
        }
        return points;
    }
}
