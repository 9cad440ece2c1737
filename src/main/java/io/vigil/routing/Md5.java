package io.vigil.routing;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * MD5 (RFC 1321) over a byte range of a {@link ByteBuf}, keeping the 128-bit digest as four
 * little-endian words: {@code word(0)} is digest bytes 0 to 3 read little-endian, and so on.
 * That is the form both users need: nutcracker's {@code md5} key hash is {@code word(0)}, and
 * each ketama point name yields four ring points, {@code word(0)} to {@code word(3)}.
 *
 * <p>One instance reuses its 64-byte block for every digest, so it allocates nothing, but it is
 * not thread-safe: {@link Md5Hash} keeps one per thread.
 */
final class Md5 {

    /** Per-step left rotations: four per round, each used for every fourth step of its round. */
    private static final int[] SHIFTS = {7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21};
    /** Per-step additive constants, RFC 1321's T[i] = floor(|sin(i + 1)| × 2^32). */
    private static final int[] SINES = sines();

    /** The block being compressed, as sixteen little-endian words. */
    private final int[] block = new int[16];
    /** The chaining state A, B, C, D; after {@link #digest} the digest words. */
    private int a;
    private int b;
    private int c;
    private int d;

    /** Digests {@code length} bytes of {@code buf} from {@code index}; read the result with {@link #word}. */
    void digest(ByteBuf buf, int index, int length) {
        a = 0x67452301;
        b = 0xEFCDAB89;
        c = 0x98BADCFE;
        d = 0x10325476;
        int whole = length & ~63;
        for (int offset = 0; offset < whole; offset += 64) {
            for (int j = 0; j < 16; j++) {
                block[j] = buf.getIntLE(index + offset + 4 * j);
            }
            compress();
        }
        // The last block: the remaining 0..63 bytes, a 0x80 byte, zeros, and the message length
        // in bits as a little-endian 64-bit number in the last 8 bytes, spilling into one more
        // block when fewer than 9 bytes are free.
        int rest = length - whole;
        Arrays.fill(block, 0);
        for (int i = 0; i < rest; i++) {
            block[i >>> 2] |= buf.getUnsignedByte(index + whole + i) << ((i & 3) << 3);
        }
        block[rest >>> 2] |= 0x80 << ((rest & 3) << 3);
        if (rest >= 56) {
            compress();
            Arrays.fill(block, 0);
        }
        long bits = (long) length << 3;
        block[14] = (int) bits;
        block[15] = (int) (bits >>> 32);
        compress();
    }

    /** Word {@code i} (0 to 3) of the last digest: its bytes {@code 4i..4i+3}, little-endian. */
    int word(int i) {
        return switch (i) {
            case 0 -> a;
            case 1 -> b;
            case 2 -> c;
            case 3 -> d;
            default -> throw new IllegalArgumentException("i: " + i + " (expected: 0 to 3)");
        };
    }

    private void compress() {
        int w = a;
        int x = b;
        int y = c;
        int z = d;
        for (int i = 0; i < 64; i++) {
            int round = i >>> 4;
            int f;
            int g;
            switch (round) {
                case 0 -> {
                    f = (x & y) | (~x & z);
                    g = i;
                }
                case 1 -> {
                    f = (z & x) | (~z & y);
                    g = (5 * i + 1) & 15;
                }
                case 2 -> {
                    f = x ^ y ^ z;
                    g = (3 * i + 5) & 15;
                }
                default -> {
                    f = y ^ (x | ~z);
                    g = (7 * i) & 15;
                }
            }
            int rotated = Integer.rotateLeft(w + f + SINES[i] + block[g], SHIFTS[(round << 2) | (i & 3)]);
            w = z;
            z = y;
            y = x;
            x += rotated;
        }
        a += w;
        b += x;
        c += y;
        d += z;
    }

    private static int[] sines() {
        int[] sines = new int[64];
        for (int i = 0; i < 64; i++) {
            sines[i] = (int) (long) Math.floor(Math.abs(StrictMath.sin(i + 1)) * 0x1p32);
        }
        return sines;
    }
}
