package io.vigil.difftest;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Runs the differential test for a budget of commands: rounds of {@code clients} concurrent
 * streams, each round from its own seed, until the budget is spent or a difference shows. A
 * difference is shrunk and reported with everything needed to replay it.
 */
final class DiffRunner {

    /** Commands per client in one round: enough to reach deep states, few enough to hold every reply. */
    static final int ROUND_COMMANDS_PER_CLIENT = 25_000;

    record Result(long commands, int rounds, String failure) {
    }

    private final DiffRound round;
    private final boolean sharded;

    DiffRunner(Target redis, Target vigil, boolean sharded) {
        this.round = new DiffRound(redis, vigil);
        this.sharded = sharded;
    }

    Result run(long seed, int clients, long budget) throws Exception {
        long sent = 0;
        int rounds = 0;
        while (sent < budget) {
            long roundSeed = seed + rounds;
            int perClient = (int) Math.min(ROUND_COMMANDS_PER_CLIENT, Math.max(1, (budget - sent) / clients));
            List<List<Command>> streams = streams(roundSeed, clients, perClient);
            Difference d = round.run(streams, roundSeed);
            rounds++;
            for (List<Command> s : streams) {
                sent += s.size();
            }
            if (d != null) {
                return new Result(sent, rounds, report(roundSeed, clients, perClient, d));
            }
        }
        return new Result(sent, rounds, null);
    }

    List<List<Command>> streams(long roundSeed, int clients, int perClient) {
        List<List<Command>> streams = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            streams.add(new StreamGenerator(roundSeed, c, sharded).generate(perClient));
        }
        return streams;
    }

    private String report(long roundSeed, int clients, int perClient, Difference d) throws Exception {
        StringBuilder b = new StringBuilder("Vigil differs from Redis. Replay: -Ddifftest.seed=" + roundSeed
                + " -Ddifftest.clients=" + clients + " -Ddifftest.commands=" + (long) clients * perClient + "\n" + d + "\n");
        Shrinker shrinker = new Shrinker(round, roundSeed);
        List<Command> small = shrinker.shrink(d);
        if (small == null) {
            b.append("The stream alone does not differ: it takes the other clients at the same time.\n");
        } else {
            Difference again = round.run(List.of(Shrinker.withQuit(small)), roundSeed);
            b.append("Shrunk in ").append(shrinker.runs()).append(" runs to ").append(small.size())
                    .append(" commands (a regression stream file):\n")
                    .append(small.stream().map(Command::toString).collect(Collectors.joining("\n")))
                    .append("\n").append(again == null ? "" : again.toString()).append('\n');
        }
        return b.toString();
    }
}
