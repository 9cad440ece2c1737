package io.vigil.routing;

import io.netty.buffer.ByteBuf;

/**
 * Bob Jenkins' lookup3 {@code hashlittle} with an initial value of 13, as nutcracker computes it
 * (nc_jenkins.c). nutcracker picks a 32-, 16- or 8-bit read path by the key's alignment in
 * memory; all three give this result, which reads the key as little-endian 32-bit words and
 * zero-pads the last block. An empty key returns the initial state without mixing.
 */
enum Jenkins implements HashFunction {
    INSTANCE;

    static final int INITIAL_VALUE = 13;
    private static final int GOLDEN = 0xDEADBEEF;

    @Override
    public long hash(ByteBuf buf, int index, int length) {
        return Integer.toUnsignedLong(hashLittle(buf, index, length, INITIAL_VALUE));
    }

    /** lookup3's {@code hashlittle}; package-private so tests can check Bob Jenkins' own vectors. */
    static int hashLittle(ByteBuf buf, int index, int length, int initialValue) {
        int a = GOLDEN + length + initialValue;
        int b = a;
        int c = a;
        int p = index;
        int left = length;
        for (; left > 12; left -= 12, p += 12) {
            a += buf.getIntLE(p);
            b += buf.getIntLE(p + 4);
            c += buf.getIntLE(p + 8);
            // mix(a, b, c)
            a -= c; a ^= Integer.rotateLeft(c, 4); c += b;
            b -= a; b ^= Integer.rotateLeft(a, 6); a += c;
            c -= b; c ^= Integer.rotateLeft(b, 8); b += a;
            a -= c; a ^= Integer.rotateLeft(c, 16); c += b;
            b -= a; b ^= Integer.rotateLeft(a, 19); a += c;
            c -= b; c ^= Integer.rotateLeft(b, 4); b += a;
        }
        if (left == 0) {
            return c;
        }
        a += tailWord(buf, p, left, 0);
        b += tailWord(buf, p, left, 4);
        c += tailWord(buf, p, left, 8);
        // final(a, b, c)
        c ^= b; c -= Integer.rotateLeft(b, 14);
        a ^= c; a -= Integer.rotateLeft(c, 11);
        b ^= a; b -= Integer.rotateLeft(a, 25);
        c ^= b; c -= Integer.rotateLeft(b, 16);
        a ^= c; a -= Integer.rotateLeft(c, 4);
        b ^= a; b -= Integer.rotateLeft(a, 14);
        c ^= b; c -= Integer.rotateLeft(b, 24);
        return c;
    }

    /** Bytes {@code from..from+3} of the last block as a little-endian word, zero past {@code left}. */
    private static int tailWord(ByteBuf buf, int p, int left, int from) {
        if (left >= from + 4) {
            return buf.getIntLE(p + from);
        }
        int word = 0;
        for (int i = Math.min(left, from + 4) - 1; i >= from; i--) {
            word = (word << 8) | buf.getUnsignedByte(p + i);
        }
        return word;
    }
}
