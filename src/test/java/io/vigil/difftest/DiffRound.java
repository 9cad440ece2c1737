package io.vigil.difftest;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs client streams against Redis and, through Vigil, against an identical fresh Redis, all
 * clients and both sides at once, then compares each client's replies, normalised
 * ({@link Normalizer}), and the two datasets.
 */
final class DiffRound {

    private final Target redis;
    private final Target vigil;

    DiffRound(Target redis, Target vigil) {
        this.redis = redis;
        this.vigil = vigil;
    }

    /** The first difference for these streams (index = client), or null when there is none. */
    Difference run(List<List<Command>> streams, long chunkSeed) throws Exception {
        redis.reset();
        vigil.reset();
        int n = streams.size();
        ExecutorService pool = Executors.newFixedThreadPool(2 * n);
        try {
            List<Future<byte[]>> direct = new ArrayList<>();
            List<Future<byte[]>> proxied = new ArrayList<>();
            for (int c = 0; c < n; c++) {
                direct.add(pool.submit(new ClientRun(redis.port(), streams.get(c), chunkSeed + c)));
                proxied.add(pool.submit(new ClientRun(vigil.port(), streams.get(c), chunkSeed + 7919L * c)));
            }
            Difference first = null;
            for (int c = 0; c < n; c++) {
                Difference d = compare(c, streams.get(c), direct.get(c).get(), proxied.get(c).get());
                if (first == null) {
                    first = d;
                }
            }
            if (first != null) {
                return first;
            }
        } finally {
            pool.shutdownNow();
        }
        String data = redis.dataset().differenceFrom(vigil.dataset());
        if (data == null) {
            return null;
        }
        int client = data.contains("{c") ? Integer.parseInt(data.replaceAll("(?s).*?\\{c(\\d+)g.*", "$1")) : 0;
        return Difference.inData(client < n ? client : 0, data, streams.get(client < n ? client : 0));
    }

    static Difference compare(int client, List<Command> stream, byte[] expectedBytes, byte[] actualBytes) {
        List<Reply> expected = ReplyParser.parseAll(expectedBytes);
        List<Reply> actual = ReplyParser.parseAll(actualBytes);
        List<Command> replied = new ArrayList<>();
        for (Command c : stream) {
            if (c.replied) {
                replied.add(c);
            }
        }
        int count = Math.max(expected.size(), actual.size());
        for (int i = 0; i < count; i++) {
            Command c = i < replied.size() ? replied.get(i) : new Command("?");
            String e = i < expected.size() ? Normalizer.normalize(c, expected.get(i)).toString() : "(no reply)";
            String a = i < actual.size() ? Normalizer.normalize(c, actual.get(i)).toString() : "(no reply)";
            if (!e.equals(a)) {
                return new Difference(client, i, c.toString(), e, a, stream);
            }
        }
        return null;
    }
}
