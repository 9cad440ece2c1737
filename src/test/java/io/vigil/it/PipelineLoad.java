package io.vigil.it;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A client pipelining through Vigil on one connection: rounds of {@link #DEPTH} SETs of its own
 * keys, each followed in the same pipeline by a GET of the key when {@code readOwnWrites} (not
 * where reads may go to a replica that has not caught up), and GETs of {@code readKeys} whose
 * values must come back unchanged. It records the keys whose SET was acknowledged, every wrong or
 * error reply, and a lost connection, which ends it.
 */
final class PipelineLoad implements AutoCloseable {

    static final int DEPTH = 16;

    final String prefix;
    final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    final List<String> errors = new CopyOnWriteArrayList<>();
    final AtomicLong rounds = new AtomicLong();
    volatile Throwable connectionLost;
    private volatile boolean stop;
    private final Thread thread;

    /** {@code readKeys} map to the values a GET of each must return. */
    PipelineLoad(String prefix, int port, boolean readOwnWrites, java.util.Map<String, String> readKeys) {
        this.prefix = prefix;
        List<String> reads = new ArrayList<>(readKeys.keySet());
        thread = new Thread(() -> {
            try (Jedis jedis = new Jedis("127.0.0.1", port, 10_000)) {
                long n = 0;
                while (!stop) {
                    Pipeline p = jedis.pipelined();
                    List<String> keys = new ArrayList<>(DEPTH);
                    List<Response<String>> sets = new ArrayList<>(DEPTH);
                    List<Response<String>> gets = new ArrayList<>(DEPTH);
                    List<Response<String>> readBacks = new ArrayList<>(reads.size());
                    for (int i = 0; i < DEPTH; i++) {
                        String key = prefix + ":" + n++;
                        keys.add(key);
                        sets.add(p.set(key, key));
                        if (readOwnWrites) {
                            gets.add(p.get(key));
                        }
                    }
                    for (String r : reads) {
                        readBacks.add(p.get(r));
                    }
                    p.sync();
                    for (int i = 0; i < DEPTH; i++) {
                        if (check("SET " + keys.get(i), sets.get(i), "OK")) {
                            acknowledged.add(keys.get(i));
                        }
                        if (readOwnWrites) {
                            check("GET " + keys.get(i), gets.get(i), keys.get(i));
                        }
                    }
                    for (int i = 0; i < reads.size(); i++) {
                        check("GET " + reads.get(i), readBacks.get(i), readKeys.get(reads.get(i)));
                    }
                    rounds.incrementAndGet();
                }
            } catch (RuntimeException e) {
                connectionLost = e;
            }
        }, "load-" + prefix);
        thread.setDaemon(true);
        thread.start();
    }

    private boolean check(String what, Response<String> reply, String expected) {
        try {
            String got = reply.get();
            if (expected.equals(got)) {
                return true;
            }
            errors.add(what + ": " + got + " (expected " + expected + ")");
        } catch (redis.clients.jedis.exceptions.JedisDataException e) {
            errors.add(what + ": " + e.getMessage());
        }
        return false;
    }

    boolean alive() {
        return thread.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        thread.join(30_000);
    }
}
