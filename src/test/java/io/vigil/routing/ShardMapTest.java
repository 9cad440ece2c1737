package io.vigil.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vigil.config.ConfigLoader;
import io.vigil.config.PoolConfig;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShardMapTest {

    /** 1000 equal servers named so that nutcracker's order is the file order: shard = hash % 1000. */
    private static final int SLOTS = 1000;

    private static PoolConfig pool(String extra, String... servers) throws Exception {
        StringBuilder yaml = new StringBuilder("alpha:\n  listen: 127.0.0.1:22121\n  redis: true\n").append(extra)
                .append("  servers:\n");
        for (String server : servers) {
            yaml.append("   - ").append(server).append('\n');
        }
        return ConfigLoader.parse(yaml.toString(), Path.of("conf", "test.yml")).pools().get(0);
    }

    private static ShardMap modulaOfThousand(String hashTag) {
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < SLOTS; i++) {
            members.add(new Member(i, "s%03d".formatted(i), 1));
        }
        return new ShardMap(SLOTS, "fnv1a_64", "modula", hashTag, members);
    }

    private static ByteBuf key(String key) {
        return Unpooled.wrappedBuffer(key.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static int shard(ShardMap map, String key) {
        ByteBuf buf = key(key);
        return map.shardFor(buf, 0, buf.readableBytes());
    }

    /** Where modulaOfThousand puts a key whose hashed part is {@code hashed}. */
    private static int slotOf(String hashed) {
        ByteBuf buf = key(hashed);
        return (int) (HashFunctions.named("fnv1a_64").hash(buf, 0, buf.readableBytes()) % SLOTS);
    }

    @Test
    void aHashTagHashesOnlyWhatLiesBetweenTheFirstOpeningAndTheNextClosingByte() {
        ShardMap map = modulaOfThousand("{}");
        assertThat(shard(map, "{user1000}.following")).isEqualTo(slotOf("user1000"));
        assertThat(shard(map, "x{user1000}")).isEqualTo(slotOf("user1000"));
        assertThat(shard(map, "a{b}c{d}")).isEqualTo(slotOf("b"));
        assertThat(shard(map, "a{{b}c}")).as("the first opening byte counts").isEqualTo(slotOf("{b"));
        assertThat(shard(map, "}a{b}")).isEqualTo(slotOf("b"));
    }

    @Test
    void anEmptyOrUnclosedTagMeansTheWholeKeyIsHashed() {
        ShardMap map = modulaOfThousand("{}");
        for (String key : List.of("a{}b{c}", "a{b", "a}b{", "user1000", "{", "}", "{}")) {
            assertThat(shard(map, key)).as(key).isEqualTo(slotOf(key));
        }
    }

    @Test
    void aTagOfTwoEqualBytesWorksLikeAnyOther() {
        ShardMap map = modulaOfThousand("$$");
        assertThat(shard(map, "a$user$b")).isEqualTo(slotOf("user"));
        assertThat(shard(map, "a$$b")).isEqualTo(slotOf("a$$b"));
    }

    @Test
    void withoutATagBracesAreOrdinaryBytes() {
        ShardMap map = modulaOfThousand(null);
        assertThat(shard(map, "{user1000}.following")).isEqualTo(slotOf("{user1000}.following"));
    }

    @Test
    void anEmptyKeyHashesToZero() {
        ShardMap map = modulaOfThousand("{}");
        assertThat(shard(map, "")).isZero();
        assertThat(slotOf("")).as("fnv1a_64 itself is not 0 for no bytes").isNotZero();
    }

    @Test
    void aPoolOfOneServerTakesEveryKeyWhateverItsDistribution() throws Exception {
        for (String distribution : Distribution.NAMES) {
            ShardMap map = ShardMap.of(pool("  distribution: " + distribution + "\n", "127.0.0.1:6379:1"));
            assertThat(map.shardCount()).isEqualTo(1);
            for (String key : List.of("", "a", "{b}", "user1000")) {
                assertThat(shard(map, key)).isZero();
            }
        }
    }

    @Test
    void shardsAreIndicesIntoTheServersListInFileOrder() throws Exception {
        PoolConfig pool = pool("  hash: crc32a\n  distribution: modula\n",
                "127.0.0.1:6381:1 zz", "127.0.0.1:6382:1 a");
        ShardMap map = ShardMap.of(pool);
        assertThat(map.shardCount()).isEqualTo(2);
        // crc32a % 2 picks nutcracker's slot 0 ("a", the second server) or slot 1 ("zz", the first).
        for (String key : List.of("k1", "k2", "k3", "k4", "k5")) {
            ByteBuf buf = key(key);
            long crc = HashFunctions.named("crc32a").hash(buf, 0, buf.readableBytes());
            assertThat(shard(map, key)).as(key).isEqualTo(crc % 2 == 0 ? 1 : 0);
        }
        assertThat(map).hasToString("ShardMap[2 shards, hash crc32a, distribution modula]");
    }

    @Test
    void shardForReadsOnlyItsRangeAndMovesNoIndex() throws Exception {
        ShardMap map = ShardMap.of(pool("  hash_tag: \"{}\"\n", "127.0.0.1:6381:1", "127.0.0.1:6382:2", "127.0.0.1:6383:3"));
        ByteBuf alone = key("user:{42}");
        ByteBuf framed = key("$9\r\nuser:{42}\r\n{");
        framed.readerIndex(2);
        assertThat(map.shardFor(framed, 4, 9)).isEqualTo(map.shardFor(alone, 0, 9));
        assertThat(framed.readerIndex()).isEqualTo(2);
    }

    /**
     * Any allocation per call would show in every round. A round can still see a few bytes that are
     * not shardFor's, when the JIT deoptimizes and re-creates objects it had optimized away, so the
     * test asks for one clean round out of ten.
     */
    @Test
    void shardForAllocatesNothingWithAnyHashOrDistribution() throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        ByteBuf[] keys = new ByteBuf[64];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = key("{tag" + i + "}:some-longer-key-" + "x".repeat(i));
        }
        List<ShardMap> list = new ArrayList<>();
        for (String hash : HashFunctions.NAMES) {
            for (String distribution : Distribution.NAMES) {
                list.add(ShardMap.of(pool("  hash: " + hash + "\n  distribution: " + distribution
                        + "\n  hash_tag: \"{}\"\n", "127.0.0.1:6381:1", "127.0.0.1:6382:2", "127.0.0.1:6383:3")));
            }
        }
        ShardMap[] maps = list.toArray(new ShardMap[0]);
        long sink = 0;
        long fewest = Long.MAX_VALUE;
        for (int round = 0; round < 10; round++) {
            long before = threads.getThreadAllocatedBytes(thread);
            for (int m = 0; m < maps.length; m++) {
                for (int k = 0; k < keys.length; k++) {
                    sink += maps[m].shardFor(keys[k], 0, keys[k].readableBytes());
                }
            }
            fewest = Math.min(fewest, threads.getThreadAllocatedBytes(thread) - before);
        }
        assertThat(fewest).as("bytes allocated by the cleanest round of %d calls", maps.length * keys.length).isZero();
        assertThat(sink).isPositive();
    }

    @Test
    void ejectingAServerMovesOnlyItsKeysUnderKetama() throws Exception {
        ShardMap full = ShardMap.of(pool("  distribution: ketama\n", "10.0.0.1:6379:1 a", "10.0.0.2:6379:1 b",
                "10.0.0.3:6379:1 c"));
        ShardMap withoutB = full.without(new boolean[] {false, true, false});
        int moved = 0;
        for (int i = 0; i < 2000; i++) {
            int before = shard(full, "k" + i);
            int after = shard(withoutB, "k" + i);
            assertThat(after).isNotEqualTo(1);
            if (before == 1) {
                moved++;
            } else {
                assertThat(after).as("k%d of a live server", i).isEqualTo(before);
            }
        }
        assertThat(moved).isPositive();
        assertThat(full.without(new boolean[] {true, true, true})).as("never eject every server").isSameAs(full);
    }
}
