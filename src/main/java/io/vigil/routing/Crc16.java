package io.vigil.routing;

import io.netty.buffer.ByteBuf;

/**
 * nutcracker's {@code crc16} (nc_crc16.c): CRC-16/XMODEM (polynomial 0x1021, initial value 0,
 * most significant bit first) with a quirk that changes placement. The register is 32 bits wide
 * and never masked to 16, so each byte shifts the earlier bits further up and the result uses all
 * 32 bits: "foo" hashes to 0x0C3CAF96, not 0xAF96. Only the low 16 bits feed the table lookup, so
 * those stay the textbook CRC.
 */
enum Crc16 implements HashFunction {
    INSTANCE;

    private static final int POLYNOMIAL = 0x1021;
    /** TABLE[i] is the CRC-16 of the byte i, the register starting at 0. */
    private static final int[] TABLE = table();

    @Override
    public long hash(ByteBuf buf, int index, int length) {
        int crc = 0;
        for (int i = index, end = index + length; i < end; i++) {
            crc = (crc << 8) ^ TABLE[((crc >>> 8) ^ buf.getByte(i)) & 0xFF];
        }
        return Integer.toUnsignedLong(crc);
    }

    private static int[] table() {
        int[] table = new int[256];
        for (int i = 0; i < 256; i++) {
            int crc = i << 8;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ POLYNOMIAL : crc << 1;
            }
            table[i] = crc & 0xFFFF;
        }
        return table;
    }
}
