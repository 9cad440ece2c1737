package io.vigil.it;

import io.vigil.sandbox.RedisNode;
import io.vigil.sandbox.Sandbox;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients that pipeline GETs of a 100 KB value and never read, on a pool with one event loop (so
 * every client shares one backend connection), next to a bystander that GETs a small key: the
 * bystander keeps getting its replies, and the slow readers are held, or disconnected at their
 * output limit exactly where a redis-server with the same {@code client-output-buffer-limit}
 * disconnects them.
 */
class SlowReadersIT {

    static final int VALUE_BYTES = 100 * 1024;
    static final int READERS = 3;
    /** 30 MB of replies each: several times what the sockets between them and Vigil buffer. */
    static final int GETS = 300;

    @Test
    void aBystanderKeepsGettingRepliesWhileClientsThatDoNotReadAreHeld() throws Exception {
        try (VigilFixture f = VigilFixture.startOnOneLoop("")) {
            load(f.direct());
            List<SlowReader> slow = startSlowReaders(f.port());
            try (Jedis bystander = f.jedis()) {
                for (int i = 0; i < 20; i++) {
                    assertThat(bystander.get("small")).as("bystander GET %d", i).isEqualTo("ok");
                }
            }
            for (SlowReader r : slow) {
                // held, not dropped: once it reads, every reply comes, in order
                assertThat(r.readReplies(VALUE_BYTES, GETS)).isEqualTo(GETS);
                r.close();
            }
        }
    }

    @Test
    void slowReadersAreDisconnectedAtTheNormalHardLimitAsRedisDoes() throws Exception {
        try (Sandbox sandbox = new Sandbox()) {
            RedisNode redis = sandbox.startRedis("client-output-buffer-limit normal 1mb 0 0");
            try (Jedis direct = new Jedis("127.0.0.1", redis.port(), 10_000)) {
                load(direct);
            }
            int redisGot = readAfterStalling(startSlowReaders(redis.port()));
            assertThat(redisGot).as("replies a redis-server sent before disconnecting").isLessThan(GETS);
        }
        try (VigilFixture f = VigilFixture.startOnOneLoop(
                "  limits:\n    client_output_normal: {hard: 1048576, soft: 0}\n")) {
            load(f.direct());
            List<SlowReader> slow = startSlowReaders(f.port());
            try (Jedis bystander = f.jedis()) {
                for (int i = 0; i < 20; i++) {
                    assertThat(bystander.get("small")).as("bystander GET %d", i).isEqualTo("ok");
                }
            }
            assertThat(readAfterStalling(slow)).as("replies Vigil sent before disconnecting").isLessThan(GETS);
        }
    }

    @Test
    void aSubscriberThatDoesNotReadIsDisconnectedAtThePubsubHardLimitAsRedisDoes() throws Exception {
        try (Sandbox sandbox = new Sandbox()) {
            RedisNode redis = sandbox.startRedis("client-output-buffer-limit pubsub 1mb 0 0");
            assertThat(subscriberDisconnected(redis.port(), redis.port())).as("redis-server").isTrue();
        }
        try (VigilFixture f = VigilFixture.startOnOneLoop(
                "  limits:\n    client_output_pubsub: {hard: 1048576, soft: 0}\n")) {
            assertThat(subscriberDisconnected(f.port(), f.master.port())).as("Vigil").isTrue();
        }
    }

    static void load(Jedis direct) {
        byte[] value = new byte[VALUE_BYTES];
        java.util.Arrays.fill(value, (byte) 'v');
        direct.set("big".getBytes(StandardCharsets.US_ASCII), value);
        direct.set("small", "ok");
        direct.close();
    }

    /** Slow readers that have sent what the server took: GETS pipelined GETs each, or fewer when it stopped reading. */
    static List<SlowReader> startSlowReaders(int port) throws Exception {
        List<SlowReader> slow = new ArrayList<>();
        for (int i = 0; i < READERS; i++) {
            slow.add(new SlowReader(port, "big", GETS));
        }
        // not an assertion: gives the server time to take what it will take
        for (int round = 0; round < 100; round++) {
            boolean all = true;
            for (SlowReader r : slow) {
                all &= r.sendMore();
            }
            if (all) {
                break;
            }
            Thread.sleep(10);
        }
        return slow;
    }

    /** The fewest whole replies any slow reader gets when it finally reads everything. */
    static int readAfterStalling(List<SlowReader> slow) throws IOException {
        int fewest = Integer.MAX_VALUE;
        for (SlowReader r : slow) {
            fewest = Math.min(fewest, r.readReplies(VALUE_BYTES, GETS));
            r.close();
        }
        return fewest;
    }

    /**
     * A subscriber on {@code port} that stops reading while 200 messages of 100 KB are published
     * on {@code publishPort}: true when the server closed it before all of them reached it.
     */
    static boolean subscriberDisconnected(int port, int publishPort) throws Exception {
        try (Socket sub = new Socket()) {
            sub.setReceiveBufferSize(64 * 1024);
            sub.connect(new java.net.InetSocketAddress("127.0.0.1", port));
            sub.setSoTimeout(30_000); // a safety net only
            OutputStream out = sub.getOutputStream();
            InputStream in = sub.getInputStream();
            out.write("*2\r\n$9\r\nSUBSCRIBE\r\n$2\r\nch\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] confirm = "*3\r\n$9\r\nsubscribe\r\n$2\r\nch\r\n:1\r\n".getBytes(StandardCharsets.US_ASCII);
            assertThat(in.readNBytes(confirm.length)).isEqualTo(confirm);
            byte[] message = new byte[VALUE_BYTES];
            java.util.Arrays.fill(message, (byte) 'm');
            int messages = 200;
            try (Jedis publisher = new Jedis("127.0.0.1", publishPort, 10_000)) {
                for (int i = 0; i < messages; i++) {
                    publisher.publish("ch".getBytes(StandardCharsets.US_ASCII), message);
                }
            }
            long expected = (long) messages * ("*3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$" + VALUE_BYTES + "\r\n").length()
                    + (long) messages * (VALUE_BYTES + 2);
            long got = 0;
            byte[] buf = new byte[1 << 16];
            int n;
            try {
                while (got < expected && (n = in.read(buf)) > 0) {
                    got += n;
                }
            } catch (java.net.SocketException reset) {
                return true;
            }
            return got < expected;
        }
    }
}
