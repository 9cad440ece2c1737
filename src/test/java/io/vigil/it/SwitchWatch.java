package io.vigil.it;

import io.vigil.sandbox.SentinelNode;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Listens to +switch-master on every sentinel, straight from the sentinels, and notes when it first came. */
final class SwitchWatch implements AutoCloseable {

    private final List<Jedis> connections = new ArrayList<>();
    private final List<JedisPubSub> subs = new ArrayList<>();
    volatile long firstSwitchNanos;
    volatile String firstPayload;

    SwitchWatch(List<SentinelNode> sentinels) throws InterruptedException {
        CountDownLatch subscribed = new CountDownLatch(sentinels.size());
        for (SentinelNode s : sentinels) {
            Jedis j = new Jedis("127.0.0.1", s.port(), 0);
            JedisPubSub sub = new JedisPubSub() {
                @Override
                public void onSubscribe(String channel, int count) {
                    subscribed.countDown();
                }

                @Override
                public void onMessage(String channel, String message) {
                    synchronized (SwitchWatch.this) {
                        if (firstSwitchNanos == 0) {
                            firstSwitchNanos = System.nanoTime();
                            firstPayload = message;
                        }
                    }
                }
            };
            connections.add(j);
            subs.add(sub);
            Thread t = new Thread(() -> {
                try {
                    j.subscribe(sub, "+switch-master");
                } catch (RuntimeException closed) {
                    // the sentinel was killed or the watch closed
                }
            }, "switch-watch-" + s.port());
            t.setDaemon(true);
            t.start();
        }
        subscribed.await(10, TimeUnit.SECONDS);
    }

    void reset() {
        firstSwitchNanos = 0;
        firstPayload = null;
    }

    @Override
    public void close() {
        for (JedisPubSub sub : subs) {
            try {
                sub.unsubscribe();
            } catch (RuntimeException ignored) {
                // already gone
            }
        }
        for (Jedis j : connections) {
            j.close();
        }
    }
}
