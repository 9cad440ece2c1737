package io.vigil.routing;

import io.netty.buffer.ByteBuf;

/**
 * nutcracker's four FNV hashes (nc_fnv.c), quirks kept, since they decide where keys land:
 * <ul>
 *   <li>every byte is widened from a signed {@code char}, so bytes of 0x80 and up are mixed in
 *       as 0xFF…FF80 and up (Java's signed {@code byte} widens the same way);</li>
 *   <li>{@code fnv1_64} runs FNV-1 over 64 bits and returns the low 32;</li>
 *   <li>{@code fnv1a_64}, nutcracker's default, is not 64-bit FNV at all: it runs FNV-1a in
 *       32-bit arithmetic with the low halves of the 64-bit offset basis (0x84222325) and prime
 *       (0x1B3).</li>
 * </ul>
 */
enum Fnv implements HashFunction {
    FNV1_64 {
        @Override
        public long hash(ByteBuf buf, int index, int length) {
            long h = OFFSET_64;
            for (int i = index, end = index + length; i < end; i++) {
                h *= PRIME_64;
                h ^= buf.getByte(i);
            }
            return h & 0xFFFF_FFFFL;
        }
    },
    FNV1A_64 {
        @Override
        public long hash(ByteBuf buf, int index, int length) {
            int h = (int) OFFSET_64;
            for (int i = index, end = index + length; i < end; i++) {
                h ^= buf.getByte(i);
                h *= (int) PRIME_64;
            }
            return Integer.toUnsignedLong(h);
        }
    },
    FNV1_32 {
        @Override
        public long hash(ByteBuf buf, int index, int length) {
            int h = OFFSET_32;
            for (int i = index, end = index + length; i < end; i++) {
                h *= PRIME_32;
                h ^= buf.getByte(i);
            }
            return Integer.toUnsignedLong(h);
        }
    },
    FNV1A_32 {
        @Override
        public long hash(ByteBuf buf, int index, int length) {
            int h = OFFSET_32;
            for (int i = index, end = index + length; i < end; i++) {
                h ^= buf.getByte(i);
                h *= PRIME_32;
            }
            return Integer.toUnsignedLong(h);
        }
    };

    static final long OFFSET_64 = 0xCBF29CE484222325L;
    static final long PRIME_64 = 0x100000001B3L;
    static final int OFFSET_32 = 0x811C9DC5;
    static final int PRIME_32 = 0x01000193;
}
