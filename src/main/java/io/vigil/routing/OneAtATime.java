package io.vigil.routing;

import io.netty.buffer.ByteBuf;

/**
 * Bob Jenkins' one-at-a-time hash as nutcracker computes it (nc_one_at_a_time.c). nutcracker
 * widens each byte from a signed {@code char}, so a byte of 0x80 or more is added as
 * 0xFFFFFF80 and up; Java's signed {@code byte} widens the same way.
 */
enum OneAtATime implements HashFunction {
    INSTANCE;

    @Override
    public long hash(ByteBuf buf, int index, int length) {
        int h = 0;
        for (int i = index, end = index + length; i < end; i++) {
            h += buf.getByte(i);
            h += h << 10;
            h ^= h >>> 6;
        }
        h += h << 3;
        h ^= h >>> 11;
        h += h << 15;
        return Integer.toUnsignedLong(h);
    }
}
