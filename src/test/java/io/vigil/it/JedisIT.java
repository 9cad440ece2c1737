package io.vigil.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.resps.StreamEntry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Jedis, in its latest release, through Vigil against a real redis-server. */
class JedisIT {

    static VigilFixture vigil;

    @BeforeAll
    static void start() throws Exception {
        vigil = VigilFixture.start();
    }

    @AfterAll
    static void stop() {
        vigil.close();
    }

    @BeforeEach
    void flush() {
        try (Jedis direct = vigil.direct()) {
            direct.flushAll();
        }
    }

    @Test
    void stringsHashesListsSetsAndSortedSetsBehaveAsOnRedis() {
        try (Jedis j = vigil.jedis()) {
            assertThat(j.set("s", "v")).isEqualTo("OK");
            assertThat(j.get("s")).isEqualTo("v");
            assertThat(j.incrBy("n", 5)).isEqualTo(5);
            assertThat(j.append("s", "w")).isEqualTo(2);
            assertThat(j.get("missing")).isNull();

            j.hset("h", Map.of("a", "1", "b", "2"));
            assertThat(j.hgetAll("h")).containsExactlyInAnyOrderEntriesOf(Map.of("a", "1", "b", "2"));

            j.rpush("l", "x", "y", "z");
            assertThat(j.lrange("l", 0, -1)).containsExactly("x", "y", "z");

            j.sadd("set", "p", "q");
            assertThat(j.smembers("set")).containsExactlyInAnyOrder("p", "q");

            j.zadd("z", 2, "two");
            j.zadd("z", 1, "one");
            assertThat(j.zrange("z", 0, -1)).containsExactly("one", "two");
            assertThat(j.zscore("z", "two")).isEqualTo(2.0);
        }
    }

    @Test
    void streamsAddAndRead() {
        try (Jedis j = vigil.jedis()) {
            StreamEntryID id = j.xadd("st", XAddParams.xAddParams(), Map.of("f", "v"));
            List<StreamEntry> entries = j.xrange("st", (StreamEntryID) null, (StreamEntryID) null);
            assertThat(entries).hasSize(1);
            assertThat(entries.get(0).getID()).isEqualTo(id);
            assertThat(entries.get(0).getFields()).containsEntry("f", "v");
        }
    }

    @Test
    void evalRunsOnTheMaster() {
        try (Jedis j = vigil.jedis()) {
            Object r = j.eval("redis.call('SET', KEYS[1], ARGV[1]); return redis.call('GET', KEYS[1])",
                    List.of("k"), List.of("from-lua"));
            assertThat(r).isEqualTo("from-lua");
        }
    }

    @Test
    void transactionsRunAtomicallyAndWatchAborts() {
        try (Jedis j = vigil.jedis(); Jedis other = vigil.jedis()) {
            Transaction t = j.multi();
            t.set("a", "1");
            t.incr("a");
            List<Object> result = t.exec();
            assertThat(result).containsExactly("OK", 2L);

            j.watch("w");
            other.set("w", "changed"); // another client touches the watched key
            Transaction aborted = j.multi();
            aborted.set("w", "mine");
            assertThat(aborted.exec()).isNull();
            assertThat(j.get("w")).isEqualTo("changed");
            // the connection is usable afterwards and back in the normal path
            assertThat(j.ping()).isEqualTo("PONG");
        }
    }

    @Test
    void subscribersReceiveWhatIsPublished() throws Exception {
        CountDownLatch subscribed = new CountDownLatch(1);
        List<String> got = new ArrayList<>();
        JedisPubSub sub = new JedisPubSub() {
            @Override
            public void onSubscribe(String channel, int count) {
                subscribed.countDown();
            }

            @Override
            public void onMessage(String channel, String message) {
                synchronized (got) {
                    got.add(channel + ":" + message);
                }
                if (message.equals("stop")) {
                    unsubscribe();
                }
            }
        };
        try (Jedis subscriber = vigil.jedis(); Jedis publisher = vigil.jedis()) {
            CompletableFuture<Void> done = CompletableFuture.runAsync(() -> subscriber.subscribe(sub, "news"));
            assertThat(subscribed.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(publisher.publish("news", "hello")).isEqualTo(1);
            publisher.publish("news", "stop");
            done.get(10, TimeUnit.SECONDS);
            assertThat(got).containsExactly("news:hello", "news:stop");
            // after unsubscribing, the connection still runs ordinary commands
            assertThat(subscriber.set("after", "sub")).isEqualTo("OK");
        }
    }

    @Test
    void blockingPopIsReleasedByAnotherClientsPush() throws Exception {
        try (Jedis blocked = vigil.jedis(); Jedis pusher = vigil.jedis()) {
            CompletableFuture<List<String>> pop = CompletableFuture.supplyAsync(() -> blocked.blpop(0, "queue"));
            await().atMost(10, TimeUnit.SECONDS).until(() -> vigil.blockedClients() >= 1);
            assertThat(pop).isNotDone();
            // other clients keep working while one is blocked
            assertThat(pusher.set("meanwhile", "ok")).isEqualTo("OK");
            pusher.rpush("queue", "job");
            assertThat(pop.get(10, TimeUnit.SECONDS)).containsExactly("queue", "job");
            assertThat(blocked.get("meanwhile")).isEqualTo("ok");
        }
    }

    @Test
    void aPipelineOfTenThousandCommandsAnswersInOrder() {
        try (Jedis j = vigil.jedis()) {
            Pipeline p = j.pipelined();
            List<Response<?>> responses = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                if (i % 2 == 0) {
                    responses.add(p.set("k" + i, "v" + i));
                } else {
                    responses.add(p.get("k" + (i - 1)));
                }
            }
            p.sync();
            for (int i = 0; i < 10_000; i++) {
                Object expected = i % 2 == 0 ? "OK" : "v" + (i - 1);
                assertThat(responses.get(i).get()).as("reply %d", i).isEqualTo(expected);
            }
        }
    }

    @Test
    void keysAndValuesWithEveryByteValueRoundTrip() {
        byte[] all = new byte[256 * 4];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        byte[] key = Arrays.copyOf(all, 256);
        try (Jedis j = vigil.jedis()) {
            assertThat(j.set(key, all)).isEqualTo("OK");
            assertThat(j.get(key)).isEqualTo(all);
        }
        try (Jedis direct = vigil.direct()) {
            assertThat(direct.get(key)).isEqualTo(all);
        }
    }

    @Test
    void aHundredMegabyteValueRoundTrips() {
        byte[] big = new byte[100 * 1024 * 1024];
        for (int i = 0; i < big.length; i += 4096) {
            big[i] = (byte) (i >>> 12);
        }
        try (Jedis j = vigil.jedis()) {
            assertThat(j.set("big".getBytes(), big)).isEqualTo("OK");
            byte[] back = j.get("big".getBytes());
            assertThat(back.length).isEqualTo(big.length);
            assertThat(Arrays.equals(back, big)).isTrue();
            assertThat(j.strlen("big")).isEqualTo(big.length);
        }
    }
}
