package io.vigil.it;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;

/**
 * A client that keeps running one command after another on one connection through Vigil, and
 * records when each succeeded or failed. A connection-level failure (the connection closed) stops
 * it and is recorded as such: through Vigil, a failover must never cost a client its connection.
 */
final class Load implements AutoCloseable {

    record Outcome(long nanos, long seq, String error) {
    }

    final List<Outcome> successes = new CopyOnWriteArrayList<>();
    final List<Outcome> errors = new CopyOnWriteArrayList<>();
    final AtomicLong seq = new AtomicLong();
    volatile Throwable connectionLost;
    private volatile boolean stop;
    private final Thread thread;

    /** {@code command} runs one operation for a sequence number, e.g. a SET of key w:seq. */
    Load(String name, Jedis jedis, BiFunction<Jedis, Long, Object> command) {
        thread = new Thread(() -> {
            while (!stop) {
                long n = seq.incrementAndGet();
                try {
                    command.apply(jedis, n);
                    successes.add(new Outcome(System.nanoTime(), n, null));
                } catch (JedisDataException e) {
                    errors.add(new Outcome(System.nanoTime(), n, e.getMessage()));
                } catch (RuntimeException e) {
                    connectionLost = e;
                    return;
                }
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
    }

    long successCount() {
        return successes.size();
    }

    /** The first success after {@code nanos}, or null. */
    Outcome firstSuccessAfter(long nanos) {
        for (Outcome o : successes) {
            if (o.nanos() > nanos) {
                return o;
            }
        }
        return null;
    }

    /** {@link System#nanoTime()} of the last success at or before {@code nanos}, or 0. */
    long lastSuccessBefore(long nanos) {
        long last = 0;
        for (Outcome o : successes) {
            if (o.nanos() <= nanos) {
                last = o.nanos();
            }
        }
        return last;
    }

    /** The longest time between two successes, in ms. */
    double longestGapMillis() {
        long longest = 0;
        for (int i = 1; i < successes.size(); i++) {
            longest = Math.max(longest, successes.get(i).nanos() - successes.get(i - 1).nanos());
        }
        return longest / 1e6;
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        thread.join(30_000);
    }
}
