package io.vigil.protocol;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/**
 * Decimal integers in RESP headers ({@code *3}, {@code $5}, {@code :-1}), read and written in
 * place, without a String.
 */
final class Decimal {

    /** What {@link #parse} returns for text that is not an integer by Redis's rules. */
    static final long INVALID = Long.MIN_VALUE;

    /** Redis's LONG_STR_SIZE - 1: no valid 64-bit integer is longer than this. */
    private static final int MAX_LENGTH = 20;

    private Decimal() {
    }

    /**
     * Reads {@code length} bytes at {@code index} the way Redis's {@code string2ll} does: an
     * optional '-', then digits, no '+', no spaces, no leading zero (except "0" itself), 64 bits.
     * Returns {@link #INVALID} otherwise. The one valid value equal to {@code INVALID},
     * -9223372036854775808, comes back as -9223372036854775807: every caller only needs its sign.
     */
    static long parse(ByteBuf buf, int index, int length) {
        if (length <= 0 || length > MAX_LENGTH) {
            return INVALID;
        }
        int p = index;
        int end = index + length;
        byte first = buf.getByte(p);
        if (length == 1 && first == '0') {
            return 0;
        }
        boolean negative = first == '-';
        if (negative && ++p == end) {
            return INVALID;
        }
        byte lead = buf.getByte(p);
        if (lead < '1' || lead > '9') {
            return INVALID;
        }
        // Accumulate negatively, as Long.parseLong does, so that Long.MIN_VALUE fits.
        long limit = negative ? Long.MIN_VALUE : -Long.MAX_VALUE;
        long multiplyMin = limit / 10;
        long result = 0;
        for (; p < end; p++) {
            int digit = buf.getByte(p) - '0';
            if (digit < 0 || digit > 9 || result < multiplyMin) {
                return INVALID;
            }
            result *= 10;
            if (result < limit + digit) {
                return INVALID;
            }
            result -= digit;
        }
        if (!negative) {
            return -result;
        }
        return result == Long.MIN_VALUE ? Long.MIN_VALUE + 1 : result;
    }

    /** Writes {@code value} in decimal ASCII. */
    static void write(ByteBuf out, long value) {
        if (value >= 0 && value < 10) {
            out.writeByte((int) ('0' + value));
            return;
        }
        if (value < 0) {
            if (value == Long.MIN_VALUE) {
                out.writeCharSequence("-9223372036854775808", StandardCharsets.US_ASCII);
                return;
            }
            out.writeByte('-');
            value = -value;
        }
        int digits = digits(value);
        out.ensureWritable(digits);
        int start = out.writerIndex();
        for (int i = start + digits - 1; i >= start; i--) {
            out.setByte(i, (int) ('0' + value % 10));
            value /= 10;
        }
        out.writerIndex(start + digits);
    }

    private static int digits(long positive) {
        int digits = 1;
        for (long v = positive; v >= 10; v /= 10) {
            digits++;
        }
        return digits;
    }
}
