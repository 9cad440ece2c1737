package io.vigil.routing;

import io.netty.buffer.ByteBuf;

/**
 * MurmurHash2 as nutcracker computes it (nc_murmur.c): 32-bit little-endian words, and a seed
 * that depends on the key, {@code 0xDEADBEEF × length}, the hash starting at
 * {@code seed ^ length}.
 */
enum Murmur implements HashFunction {
    INSTANCE;

    private static final int M = 0x5BD1E995;
    private static final int R = 24;
    private static final int SEED_FACTOR = 0xDEADBEEF;

    @Override
    public long hash(ByteBuf buf, int index, int length) {
        int h = (SEED_FACTOR * length) ^ length;
        int p = index;
        int left = length;
        for (; left >= 4; left -= 4, p += 4) {
            int k = buf.getIntLE(p);
            k *= M;
            k ^= k >>> R;
            k *= M;
            h *= M;
            h ^= k;
        }
        if (left > 0) {
            if (left == 3) {
                h ^= buf.getUnsignedByte(p + 2) << 16;
            }
            if (left >= 2) {
                h ^= buf.getUnsignedByte(p + 1) << 8;
            }
            h ^= buf.getUnsignedByte(p);
            h *= M;
        }
        h ^= h >>> 13;
        h *= M;
        h ^= h >>> 15;
        return Integer.toUnsignedLong(h);
    }
}
