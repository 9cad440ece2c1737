package io.vigil.difftest;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The differential test: random command streams from 8 concurrent clients, cut into random write
 * chunks, go to Redis and through Vigil to an identical Redis; every client's replies and the
 * final datasets must match. CI runs a fixed budget; the harness ({@code bench/difftest.sh})
 * runs longer with other seeds. Properties: {@code difftest.seed}, {@code difftest.clients},
 * {@code difftest.commands} (for the single-Redis pool; the sharded and Sentinel pools get a
 * third of it each: 10^6 commands in all by default).
 */
class DifferentialIT {

    static final long SEED = Long.getLong("difftest.seed", 20261205L);
    static final int CLIENTS = Integer.getInteger("difftest.clients", 8);
    static final long COMMANDS = Long.getLong("difftest.commands", 600_000L);

    @Test
    void aSingleRedisPoolAnswersAsRedisDoes() throws Exception {
        check("single", COMMANDS);
    }

    @Test
    void aShardedPoolAnswersAsOneRedisDoes() throws Exception {
        check("sharded", COMMANDS / 3);
    }

    @Test
    void aSentinelPoolAnswersAsRedisDoes() throws Exception {
        check("sentinel", COMMANDS / 3);
    }

    private static void check(String kind, long budget) throws Exception {
        try (Setup setup = Setup.start(kind)) {
            DiffRunner.Result r = new DiffRunner(setup.redis, setup.vigil, setup.sharded).run(SEED, CLIENTS, budget);
            System.out.printf("difftest %s: seed %d, %d clients, %d commands in %d rounds, %s%n",
                    kind, SEED, CLIENTS, r.commands(), r.rounds(), r.failure() == null ? "0 differences" : "a difference");
            assertThat(r.failure()).as("differential test of a %s pool", kind).isNull();
            assertThat(r.commands()).isGreaterThanOrEqualTo(budget);
        }
    }
}
