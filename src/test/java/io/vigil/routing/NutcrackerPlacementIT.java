package io.vigil.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.netty.buffer.Unpooled;
import io.vigil.config.ConfigLoader;
import io.vigil.sandbox.RedisNode;
import io.vigil.sandbox.Sandbox;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * Keys land where the real nutcracker 0.5.0 puts them. For every hash function with ketama and
 * with modula, nutcracker runs in front of three or four real redis-servers; a few thousand keys go through
 * it, each server is then asked directly which keys it holds, and {@link ShardMap}, built from the
 * same YAML by Vigil's {@link ConfigLoader}, must name the same server for every key.
 */
class NutcrackerPlacementIT {

    private static final int BACKENDS = 4;
    private static final List<byte[]> KEYS = PlacementKeys.all();
    private static final AtomicLong MATCHED_KEYS = new AtomicLong();
    private static final AtomicLong MATCHED_RUNS = new AtomicLong();

    private static Sandbox sandbox;
    private static List<RedisNode> nodes;
    private static Map<Integer, Jedis> direct;

    /**
     * How the servers are written. Both orders differ from nutcracker's own (by name), which is
     * what modula's slots follow.
     */
    enum Servers {
        /** Named, weights 3, 1, 4, 2; name order b, mid, zeta, alpha is not file order. */
        NAMED,
        /**
         * Three servers, unnamed, so ketama hashes {@code 127.0.0.1:port}; listed by falling port;
         * {@code hash_tag: "{}"}. Weights 29, 15, 16: nutcracker's single-precision arithmetic gives
         * the first 228 ketama points where exact arithmetic gives 232.
         */
        UNNAMED_WITH_HASH_TAG
    }

    private static final List<String> NAMES = List.of("zeta", "alpha", "mid", "b");
    private static final int[] NAMED_WEIGHTS = {3, 1, 4, 2};
    private static final int[] UNNAMED_WEIGHTS = {29, 15, 16};

    @BeforeAll
    static void startBackends() {
        assumeThat(Files.isExecutable(NutcrackerProcess.BINARY)).as("nutcracker installed").isTrue();
        sandbox = new Sandbox();
        nodes = new ArrayList<>();
        direct = new HashMap<>();
        for (int i = 0; i < BACKENDS; i++) {
            RedisNode node = sandbox.startRedis();
            nodes.add(node);
            direct.put(node.port(), new Jedis(new HostAndPort(node.host(), node.port()),
                    DefaultJedisClientConfig.builder().timeoutMillis(10_000).serverDefaultProtocol().build()));
        }
    }

    @AfterAll
    static void stopBackends() {
        if (direct != null) {
            direct.values().forEach(Jedis::close);
        }
        if (sandbox != null) {
            sandbox.close();
        }
        System.out.printf("nutcracker placement: %d runs matched, %d keys placed as nutcracker placed them%n",
                MATCHED_RUNS.get(), MATCHED_KEYS.get());
    }

    @BeforeEach
    void emptyBackends() {
        direct.values().forEach(Jedis::flushAll);
    }

    static Stream<Arguments> combinations() {
        List<Arguments> combinations = new ArrayList<>();
        for (String hash : HashFunctions.NAMES) {
            for (String distribution : List.of("ketama", "modula")) {
                for (Servers servers : Servers.values()) {
                    combinations.add(Arguments.of(hash, distribution, servers));
                }
            }
        }
        return combinations.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("combinations")
    void everyKeyLandsOnTheServerNutcrackerPutsItOn(String hash, String distribution, Servers servers,
            @TempDir Path dir) throws Exception {
        List<RedisNode> order = fileOrder(servers);
        try (NutcrackerProcess nutcracker = NutcrackerProcess.start(dir,
                port -> yaml(port, hash, distribution, servers, order))) {
            nutcracker.setAll(KEYS);
            ShardMap map = ShardMap.of(ConfigLoader.parse(nutcracker.yaml(), dir.resolve("nutcracker.yml")).pools().get(0));
            Map<ByteBuffer, Integer> held = holders(order);
            assertThat(held).as("keys on the backends").hasSize(KEYS.size());

            List<String> misplaced = new ArrayList<>();
            for (byte[] key : KEYS) {
                int expected = map.shardFor(Unpooled.wrappedBuffer(key), 0, key.length);
                int actual = held.get(ByteBuffer.wrap(key));
                if (expected != actual) {
                    misplaced.add(describe(key) + ": nutcracker " + actual + ", Vigil " + expected);
                }
            }
            assertThat(misplaced.size()).as("keys misplaced of %d with %s, first %s, config:%n%s", KEYS.size(), map,
                    misplaced.subList(0, Math.min(10, misplaced.size())), nutcracker.yaml()).isZero();
            MATCHED_KEYS.addAndGet(KEYS.size());
            MATCHED_RUNS.incrementAndGet();
        }
    }

    @Test
    void randomSpreadsKeysEvenlyOverEveryServerWhateverItsWeight(@TempDir Path dir) throws Exception {
        List<RedisNode> order = fileOrder(Servers.NAMED);
        try (NutcrackerProcess nutcracker = NutcrackerProcess.start(dir,
                port -> yaml(port, "fnv1a_64", "random", Servers.NAMED, order))) {
            nutcracker.setAll(KEYS);
            ShardMap map = ShardMap.of(ConfigLoader.parse(nutcracker.yaml(), dir.resolve("nutcracker.yml")).pools().get(0));
            int[] nutcrackers = new int[BACKENDS];
            holders(order).values().forEach(shard -> nutcrackers[shard]++);
            int[] vigils = new int[BACKENDS];
            for (byte[] key : KEYS) {
                vigils[map.shardFor(Unpooled.wrappedBuffer(key), 0, key.length)]++;
            }
            // A quarter each, weights notwithstanding: with about 4,000 keys the standard deviation
            // is under 30 keys, so 20 % to 30 % is more than seven of them either side.
            for (int[] counts : List.of(nutcrackers, vigils)) {
                assertThat(counts).as("keys per server").hasSize(BACKENDS);
                for (int count : counts) {
                    assertThat(count).isBetween(KEYS.size() / 5, KEYS.size() * 3 / 10);
                }
            }
        }
    }

    private static List<RedisNode> fileOrder(Servers servers) {
        if (servers == Servers.NAMED) {
            return nodes;
        }
        return nodes.stream().sorted(Comparator.comparingInt(RedisNode::port).reversed())
                .limit(UNNAMED_WEIGHTS.length).toList();
    }

    private static String yaml(int port, String hash, String distribution, Servers servers, List<RedisNode> order) {
        StringBuilder yaml = new StringBuilder()
                .append("placement:\n")
                .append("  listen: 127.0.0.1:").append(port).append('\n')
                .append("  redis: true\n")
                .append("  hash: ").append(hash).append('\n')
                .append("  distribution: ").append(distribution).append('\n');
        if (servers == Servers.UNNAMED_WITH_HASH_TAG) {
            yaml.append("  hash_tag: \"{}\"\n");
        }
        yaml.append("  servers:\n");
        for (int i = 0; i < order.size(); i++) {
            yaml.append("   - 127.0.0.1:").append(order.get(i).port()).append(':');
            if (servers == Servers.NAMED) {
                yaml.append(NAMED_WEIGHTS[i]).append(' ').append(NAMES.get(i));
            } else {
                yaml.append(UNNAMED_WEIGHTS[i]);
            }
            yaml.append('\n');
        }
        return yaml.toString();
    }

    /** Every key on the backends, with the file position of the server holding it; a key held twice fails. */
    private static Map<ByteBuffer, Integer> holders(List<RedisNode> order) {
        Map<ByteBuffer, Integer> held = new HashMap<>();
        for (int shard = 0; shard < order.size(); shard++) {
            for (byte[] key : direct.get(order.get(shard).port()).keys("*".getBytes(StandardCharsets.US_ASCII))) {
                Integer other = held.put(ByteBuffer.wrap(key), shard);
                assertThat(other).as("%s held by servers %s and %d", describe(key), other, shard).isNull();
            }
        }
        return held;
    }

    private static String describe(byte[] key) {
        String hex = HexFormat.of().formatHex(key, 0, Math.min(key.length, 24));
        return "key of " + key.length + " bytes " + hex + (key.length > 24 ? "…" : "");
    }
}
