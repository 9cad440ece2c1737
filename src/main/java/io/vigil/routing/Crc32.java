package io.vigil.routing;

import io.netty.buffer.ByteBuf;

/**
 * nutcracker's two CRC-32 hashes (nc_crc32.c). Both run the standard reflected CRC-32
 * (polynomial 0xEDB88320, register starting at all ones, final complement), the one zlib and
 * {@link java.util.zip.CRC32} compute. They differ in what they return:
 * <ul>
 *   <li>{@code crc32a}: the whole CRC;</li>
 *   <li>{@code crc32}: libmemcached's legacy form, bits 16 to 30 of the CRC, a value below 32768.
 *       Every key then sits in the first 1/131072 of the ketama ring, which is why twemproxy
 *       added {@code crc32a}.</li>
 * </ul>
 */
enum Crc32 implements HashFunction {
    CRC32 {
        @Override
        public long hash(ByteBuf buf, int index, int length) {
            return (crc(buf, index, length) >>> 16) & 0x7FFF;
        }
    },
    CRC32A {
        @Override
        public long hash(ByteBuf buf, int index, int length) {
            return Integer.toUnsignedLong(crc(buf, index, length));
        }
    };

    private static final int POLYNOMIAL = 0xEDB88320;
    /** TABLE[i] is the register after feeding the byte i to a register of 0. */
    private static final int[] TABLE = table();

    static int crc(ByteBuf buf, int index, int length) {
        int crc = ~0;
        for (int i = index, end = index + length; i < end; i++) {
            crc = TABLE[(crc ^ buf.getByte(i)) & 0xFF] ^ (crc >>> 8);
        }
        return ~crc;
    }

    private static int[] table() {
        int[] table = new int[256];
        for (int i = 0; i < 256; i++) {
            int crc = i;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ POLYNOMIAL : crc >>> 1;
            }
            table[i] = crc;
        }
        return table;
    }
}
