package io.vigil.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

class HashFunctionsTest {

    private static final byte JUNK = (byte) 0xA5;

    @Test
    void everyHashGivesWhatNutcrackersOwnCodeGivesForKnownKeys() {
        for (HashVectors.Vector vector : HashVectors.ALL) {
            for (int f = 0; f < HashFunctions.NAMES.size(); f++) {
                String name = HashFunctions.NAMES.get(f);
                long actual = HashFunctions.named(name).hash(Unpooled.wrappedBuffer(vector.key()), 0, vector.key().length);
                assertThat(Long.toHexString(actual)).as(name + " of " + vector.label())
                        .isEqualTo(Long.toHexString(vector.hashes()[f]));
            }
        }
    }

    @Test
    void hashesReadOnlyTheirRangeOfAPooledDirectBufferAtAnyOffset() {
        for (HashVectors.Vector vector : HashVectors.ALL) {
            for (int offset = 0; offset < 4; offset++) {
                ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer();
                try {
                    buf.writerIndex(offset).setZero(0, offset);
                    buf.writeBytes(vector.key()).writeByte(JUNK).writeByte(JUNK);
                    buf.readerIndex(1);
                    for (int f = 0; f < HashFunctions.NAMES.size(); f++) {
                        String name = HashFunctions.NAMES.get(f);
                        assertThat(HashFunctions.named(name).hash(buf, offset, vector.key().length))
                                .as(name + " of " + vector.label() + " at offset " + offset)
                                .isEqualTo(vector.hashes()[f]);
                    }
                    assertThat(buf.readerIndex()).isEqualTo(1);
                    assertThat(buf.writerIndex()).isEqualTo(offset + vector.key().length + 2);
                } finally {
                    buf.release();
                }
            }
        }
    }

    @Test
    void hashesReadAKeySplitAcrossCompositeComponents() {
        HashVectors.Vector vector = HashVectors.ALL.stream()
                .filter(v -> v.label().equals("pattern:127")).findFirst().orElseThrow();
        byte[] key = vector.key();
        CompositeByteBuf composite = Unpooled.compositeBuffer();
        composite.addComponents(true, Unpooled.wrappedBuffer(key, 0, 37), Unpooled.wrappedBuffer(key, 37, key.length - 37));
        try {
            for (int f = 0; f < HashFunctions.NAMES.size(); f++) {
                assertThat(HashFunctions.named(HashFunctions.NAMES.get(f)).hash(composite, 0, key.length))
                        .as(HashFunctions.NAMES.get(f)).isEqualTo(vector.hashes()[f]);
            }
        } finally {
            composite.release();
        }
    }

    @Test
    void md5DigestMatchesTheJdkForEveryLengthAcrossThreeBlocks() throws Exception {
        Random random = new Random(42);
        Md5 md5 = new Md5();
        for (int length = 0; length <= 200; length++) {
            byte[] data = new byte[length];
            random.nextBytes(data);
            byte[] expected = MessageDigest.getInstance("MD5").digest(data);
            md5.digest(Unpooled.wrappedBuffer(data), 0, length);
            for (int word = 0; word < 4; word++) {
                int expectedWord = Unpooled.wrappedBuffer(expected).getIntLE(4 * word);
                assertThat(md5.word(word)).as("word %d of a %d-byte message", word, length).isEqualTo(expectedWord);
            }
        }
    }

    @Test
    void crc32aIsZlibsCrcAndCrc32IsItsBits16To30() {
        Random random = new Random(7);
        for (int length = 0; length <= 100; length++) {
            byte[] data = new byte[length];
            random.nextBytes(data);
            CRC32 zlib = new CRC32();
            zlib.update(data);
            ByteBuf buf = Unpooled.wrappedBuffer(data);
            assertThat(HashFunctions.named("crc32a").hash(buf, 0, length)).isEqualTo(zlib.getValue());
            assertThat(HashFunctions.named("crc32").hash(buf, 0, length)).isEqualTo((zlib.getValue() >>> 16) & 0x7FFF);
        }
    }

    @Test
    void jenkinsIsLookup3HashLittleOnBobJenkinsOwnVectors() {
        ByteBuf empty = Unpooled.EMPTY_BUFFER;
        ByteBuf fourScore = Unpooled.copiedBuffer("Four score and seven years ago", StandardCharsets.US_ASCII);
        assertThat(Jenkins.hashLittle(empty, 0, 0, 0)).isEqualTo(0xDEADBEEF);
        assertThat(Jenkins.hashLittle(empty, 0, 0, 0xDEADBEEF)).isEqualTo(0xBD5B7DDE);
        assertThat(Jenkins.hashLittle(fourScore, 0, 30, 0)).isEqualTo(0x17770551);
        assertThat(Jenkins.hashLittle(fourScore, 0, 30, 1)).isEqualTo(0xCD628161);
    }

    @Test
    void crc16KeepsTheBitsNutcrackerNeverMasksOff() {
        ByteBuf foo = Unpooled.copiedBuffer("foo", StandardCharsets.US_ASCII);
        assertThat(HashFunctions.named("crc16").hash(foo, 0, 3)).isEqualTo(0x0C3CAF96L);
    }

    @Test
    void fnv1a64IsThirtyTwoBitArithmeticWithTheLowHalvesOfTheSixtyFourBitConstants() {
        ByteBuf a = Unpooled.copiedBuffer("a", StandardCharsets.US_ASCII);
        long expected = Integer.toUnsignedLong((0x84222325 ^ 'a') * 0x1B3);
        assertThat(HashFunctions.named("fnv1a_64").hash(a, 0, 1)).isEqualTo(expected);
    }

    @Test
    void everyNameOfNutcrackerHasAFunctionAndOthersAreRefused() {
        assertThat(HashFunctions.NAMES).hasSize(12).allSatisfy(name -> assertThat(HashFunctions.named(name)).isNotNull());
        assertThatThrownBy(() -> HashFunctions.named("fnv2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("hash: 'fnv2' (expected: one of [one_at_a_time, md5,");
    }
}
