package io.vigil.difftest;

import java.util.ArrayList;
import java.util.List;

/**
 * Shrinks one client's failing stream to a short one that still makes Vigil differ from Redis,
 * run alone: first the prefix up to the first differing reply, then delta debugging (drop
 * ever smaller slices while the difference stays), within a bounded number of runs.
 */
final class Shrinker {

    static final int MAX_RUNS = 250;

    private final DiffRound round;
    private final long chunkSeed;
    private int runs;
    /** Shrinking keeps the kind of difference: a hang stays a hang. */
    private boolean hang;

    Shrinker(DiffRound round, long chunkSeed) {
        this.round = round;
        this.chunkSeed = chunkSeed;
    }

    /** The shrunk stream (without its QUIT), or null when the stream alone does not fail. */
    List<Command> shrink(Difference failing) throws Exception {
        hang = failing.isHang();
        List<Command> current = body(failing.stream());
        if (!fails(current)) {
            return null; // it takes the other clients to show it
        }
        int cut = prefixThrough(current, failing.replyIndex());
        if (cut > 0 && cut < current.size() && fails(current.subList(0, cut))) {
            current = new ArrayList<>(current.subList(0, cut));
        }
        current = shortestFailingPrefix(current);
        int n = 2;
        while (current.size() >= 2 && runs < MAX_RUNS) {
            int slice = (current.size() + n - 1) / n;
            boolean reduced = false;
            for (int i = 0; i < n && runs < MAX_RUNS; i++) {
                List<Command> rest = new ArrayList<>(current.subList(0, Math.min(i * slice, current.size())));
                rest.addAll(current.subList(Math.min((i + 1) * slice, current.size()), current.size()));
                if (rest.size() < current.size() && fails(rest)) {
                    current = rest;
                    n = Math.max(n - 1, 2);
                    reduced = true;
                    break;
                }
            }
            if (!reduced) {
                if (n >= current.size()) {
                    break;
                }
                n = Math.min(current.size(), 2 * n);
            }
        }
        return current;
    }

    /** Binary search for the shortest prefix that still fails (some bugs need a long pipeline). */
    private List<Command> shortestFailingPrefix(List<Command> failing) throws Exception {
        int lo = 0;
        int hi = failing.size(); // fails(prefix of hi) is known
        while (hi - lo > 1 && runs < MAX_RUNS / 2) {
            int mid = (lo + hi) >>> 1;
            if (fails(failing.subList(0, mid))) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return new ArrayList<>(failing.subList(0, hi));
    }

    int runs() {
        return runs;
    }

    private boolean fails(List<Command> body) throws Exception {
        runs++;
        Difference d = round.run(List.of(withQuit(body)), chunkSeed);
        return d != null && d.isHang() == hang;
    }

    /** A fresh copy of {@code body} ending with QUIT, its replies modelled anew. */
    static List<Command> withQuit(List<Command> body) {
        List<Command> s = new ArrayList<>();
        for (Command c : body) {
            s.add(new Command(c.args));
        }
        s.add(new Command("QUIT"));
        return ReplyModel.annotate(s);
    }

    private static List<Command> body(List<Command> stream) {
        List<Command> b = new ArrayList<>(stream);
        if (!b.isEmpty() && b.get(b.size() - 1).name().equals("QUIT")) {
            b.remove(b.size() - 1);
        }
        return b;
    }

    /** How many commands reach the one whose reply is {@code replyIndex}: the prefix to keep. */
    private static int prefixThrough(List<Command> stream, int replyIndex) {
        if (replyIndex < 0) {
            return stream.size();
        }
        int replies = 0;
        for (int i = 0; i < stream.size(); i++) {
            if (stream.get(i).replied && replies++ == replyIndex) {
                return Math.min(stream.size(), i + 1 + 8); // a few more: an EXEC may follow
            }
        }
        return stream.size();
    }
}
