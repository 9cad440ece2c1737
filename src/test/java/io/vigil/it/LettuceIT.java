package io.vigil.it;

import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Lettuce, in its latest release (RESP3 through HELLO by default), through Vigil. */
class LettuceIT {

    static VigilFixture vigil;
    RedisClient client;
    StatefulRedisConnection<String, String> connection;
    RedisCommands<String, String> redis;

    @BeforeAll
    static void start() throws Exception {
        vigil = VigilFixture.start();
    }

    @AfterAll
    static void stop() {
        vigil.close();
    }

    @BeforeEach
    void connect() {
        try (Jedis direct = vigil.direct()) {
            direct.flushAll();
        }
        client = RedisClient.create(RedisURI.builder().withHost("127.0.0.1").withPort(vigil.port())
                .withTimeout(Duration.ofSeconds(20)).build());
        connection = client.connect();
        redis = connection.sync();
    }

    @AfterEach
    void disconnect() {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }

    @Test
    void speaksResp3ThroughHello() {
        // Lettuce sent HELLO 3 when it connected: replies below arrive as RESP3 types
        redis.hset("h", Map.of("a", "1", "b", "2"));
        // HGETALL is a RESP3 map: Lettuce decodes it either way, so check the values
        assertThat(redis.hgetall("h")).containsExactlyInAnyOrderEntriesOf(Map.of("a", "1", "b", "2"));
        redis.zadd("z", 1.5, "m");
        assertThat(redis.zscore("z", "m")).isEqualTo(1.5);
    }

    @Test
    void dataTypesBehaveAsOnRedis() {
        assertThat(redis.set("s", "v")).isEqualTo("OK");
        assertThat(redis.get("s")).isEqualTo("v");
        redis.rpush("l", "x", "y");
        assertThat(redis.lrange("l", 0, -1)).containsExactly("x", "y");
        redis.sadd("set", "p", "q");
        assertThat(redis.smembers("set")).containsExactlyInAnyOrder("p", "q");
        String id = redis.xadd("st", Map.of("f", "v"));
        List<StreamMessage<String, String>> msgs = redis.xrange("st", io.lettuce.core.Range.create("-", "+"));
        assertThat(msgs).extracting(StreamMessage::getId).containsExactly(id);
        Object lua = redis.eval("return redis.call('GET', KEYS[1])", ScriptOutputType.VALUE, "s");
        assertThat(lua).isEqualTo("v");
    }

    @Test
    void transactionsExecute() {
        redis.multi();
        redis.set("a", "1");
        redis.incr("a");
        TransactionResult result = redis.exec();
        assertThat(result.wasDiscarded()).isFalse();
        assertThat(result.<Long>get(1)).isEqualTo(2L);
    }

    @Test
    void pubSubDeliversMessages() throws Exception {
        StatefulRedisPubSubConnection<String, String> sub = client.connectPubSub();
        BlockingQueue<String> got = new LinkedBlockingQueue<>();
        sub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                got.add(channel + ":" + message);
            }

            @Override
            public void message(String pattern, String channel, String message) {
                got.add(pattern + "|" + channel + ":" + message);
            }
        });
        sub.sync().subscribe("c1");
        sub.sync().psubscribe("p.*");
        assertThat(redis.publish("c1", "one")).isEqualTo(1);
        assertThat(redis.publish("p.x", "two")).isEqualTo(1);
        assertThat(got.poll(10, TimeUnit.SECONDS)).isEqualTo("c1:one");
        assertThat(got.poll(10, TimeUnit.SECONDS)).isEqualTo("p.*|p.x:two");
        // RESP3 lets a subscribed connection run ordinary commands too
        assertThat(sub.sync().ping()).isEqualTo("PONG");
        sub.close();
    }

    @Test
    void blockingPopIsReleasedByAnotherClientsPush() throws Exception {
        StatefulRedisConnection<String, String> other = client.connect();
        RedisFuture<KeyValue<String, String>> pop = other.async().blpop(0, "queue");
        org.awaitility.Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> vigil.blockedClients() >= 1);
        assertThat(pop.isDone()).isFalse();
        assertThat(redis.set("meanwhile", "ok")).isEqualTo("OK");
        redis.rpush("queue", "job");
        KeyValue<String, String> kv = pop.get(10, TimeUnit.SECONDS);
        assertThat(kv.getKey()).isEqualTo("queue");
        assertThat(kv.getValue()).isEqualTo("job");
        other.close();
    }

    @Test
    void aPipelineOfTenThousandCommandsAnswersInOrder() throws Exception {
        RedisAsyncCommands<String, String> async = connection.async();
        connection.setAutoFlushCommands(false);
        List<RedisFuture<?>> futures = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            futures.add(i % 2 == 0 ? async.set("k" + i, "v" + i) : async.get("k" + (i - 1)));
        }
        connection.flushCommands();
        connection.setAutoFlushCommands(true);
        for (int i = 0; i < 10_000; i++) {
            Object expected = i % 2 == 0 ? "OK" : "v" + (i - 1);
            assertThat(futures.get(i).get(20, TimeUnit.SECONDS)).as("reply %d", i).isEqualTo(expected);
        }
    }

    @Test
    void binaryKeysAndValuesAndAHundredMegabytesRoundTrip() {
        try (StatefulRedisConnection<byte[], byte[]> bin = client.connect(ByteArrayCodec.INSTANCE)) {
            byte[] all = new byte[256];
            for (int i = 0; i < all.length; i++) {
                all[i] = (byte) i;
            }
            bin.sync().set(all, all);
            assertThat(bin.sync().get(all)).isEqualTo(all);

            byte[] big = new byte[100 * 1024 * 1024];
            Arrays.fill(big, (byte) 'x');
            big[big.length - 1] = 'y';
            bin.sync().set("big".getBytes(), big);
            assertThat(Arrays.equals(bin.sync().get("big".getBytes()), big)).isTrue();
        }
    }
}
