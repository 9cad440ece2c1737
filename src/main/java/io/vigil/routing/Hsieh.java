package io.vigil.routing;

import io.netty.buffer.ByteBuf;

/**
 * Paul Hsieh's SuperFastHash as nutcracker computes it (nc_hsieh.c): 16-bit little-endian reads,
 * four bytes per round, then the tail and a final avalanche. One quirk: with three bytes left
 * over, the third is widened from a signed {@code char} before it is shifted in, while a single
 * leftover byte is read unsigned. An empty key hashes to 0.
 */
enum Hsieh implements HashFunction {
    INSTANCE;

    @Override
    public long hash(ByteBuf buf, int index, int length) {
        if (length == 0) {
            return 0;
        }
        int h = 0;
        int p = index;
        for (int rounds = length >>> 2; rounds > 0; rounds--, p += 4) {
            h += buf.getUnsignedShortLE(p);
            int tmp = (buf.getUnsignedShortLE(p + 2) << 11) ^ h;
            h = (h << 16) ^ tmp;
            h += h >>> 11;
        }
        switch (length & 3) {
            case 3 -> {
                h += buf.getUnsignedShortLE(p);
                h ^= h << 16;
                h ^= buf.getByte(p + 2) << 18;
                h += h >>> 11;
            }
            case 2 -> {
                h += buf.getUnsignedShortLE(p);
                h ^= h << 11;
                h += h >>> 17;
            }
            case 1 -> {
                h += buf.getUnsignedByte(p);
                h ^= h << 10;
                h += h >>> 1;
            }
            default -> {
            }
        }
        h ^= h << 3;
        h += h >>> 5;
        h ^= h << 4;
        h += h >>> 17;
        h ^= h << 25;
        h += h >>> 6;
        return Integer.toUnsignedLong(h);
    }
}
