package io.vigil.topology;

import io.vigil.sandbox.SentinelNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

/**
 * Notes when the first {@code +switch-master} of a failover is published, by listening on every
 * sentinel with Jedis, apart from the watcher under test, so that the watcher's delay can be
 * measured from outside it.
 */
final class SwitchClock implements AutoCloseable {

    private final List<Jedis> connections = new ArrayList<>();
    private final List<JedisPubSub> subscriptions = new ArrayList<>();
    private volatile long firstNanos;
    private volatile String firstPayload;

    SwitchClock(List<SentinelNode> sentinels) throws InterruptedException {
        CountDownLatch subscribed = new CountDownLatch(sentinels.size());
        for (SentinelNode sentinel : sentinels) {
            Jedis jedis = new Jedis(sentinel.host(), sentinel.port(), 0);
            JedisPubSub subscription = new JedisPubSub() {
                @Override
                public void onSubscribe(String channel, int count) {
                    subscribed.countDown();
                }

                @Override
                public void onMessage(String channel, String message) {
                    noteSwitch(message);
                }
            };
            connections.add(jedis);
            subscriptions.add(subscription);
            Thread thread = new Thread(() -> {
                try {
                    jedis.subscribe(subscription, SentinelEvent.SWITCH_MASTER);
                } catch (RuntimeException gone) {
                    // the sentinel was killed, or close() ran
                }
            }, "switch-clock-" + sentinel.port());
            thread.setDaemon(true);
            thread.start();
        }
        if (!subscribed.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("switch clock: not subscribed to every sentinel within 10 s");
        }
    }

    private synchronized void noteSwitch(String payload) {
        if (firstNanos == 0) {
            firstNanos = System.nanoTime();
            firstPayload = payload;
        }
    }

    /** When the first +switch-master was seen; 0 before. */
    long firstNanos() {
        return firstNanos;
    }

    String firstPayload() {
        return firstPayload;
    }

    synchronized void reset() {
        firstNanos = 0;
        firstPayload = null;
    }

    @Override
    public void close() {
        for (JedisPubSub subscription : subscriptions) {
            try {
                subscription.unsubscribe();
            } catch (RuntimeException alreadyGone) {
                // its sentinel is dead
            }
        }
        connections.forEach(Jedis::close);
    }
}
