package io.vigil.server;

import io.netty.buffer.ByteBuf;

/**
 * Walks the elements of a complete reply frame without copying, to merge the replies of several
 * shards. The frame was validated by the reply decoder, so this trusts its shape.
 */
final class RespElements {

    private RespElements() {
    }

    /** Index just past the element that starts at {@code i}. */
    static int skip(ByteBuf frame, int i) {
        byte type = frame.getByte(i);
        int cr = lineEnd(frame, i);
        switch (type) {
            case '$', '=', '!' -> {
                long len = number(frame, i + 1, cr);
                return len < 0 ? cr + 2 : cr + 2 + (int) len + 2;
            }
            case '*', '~', '>', '%', '|' -> {
                long n = number(frame, i + 1, cr);
                if (type == '%' || type == '|') {
                    n *= 2;
                }
                int at = cr + 2;
                for (long k = 0; k < n; k++) {
                    at = skip(frame, at);
                }
                return type == '|' ? skip(frame, at) : at; // an attribute precedes the real value
            }
            default -> {
                return cr + 2; // + - : _ # , ( and the like: one line
            }
        }
    }

    /** The count in an aggregate header at {@code i} ({@code *<n>}), or -1 for a null aggregate. */
    static long count(ByteBuf frame, int i) {
        return number(frame, i + 1, lineEnd(frame, i));
    }

    /** Index of the first element of the aggregate whose header is at {@code i}. */
    static int firstElement(ByteBuf frame, int i) {
        return lineEnd(frame, i) + 2;
    }

    static long number(ByteBuf frame, int from, int to) {
        boolean negative = frame.getByte(from) == '-';
        long v = 0;
        for (int k = negative ? from + 1 : from; k < to; k++) {
            v = v * 10 + (frame.getByte(k) - '0');
        }
        return negative ? -v : v;
    }

    static int lineEnd(ByteBuf frame, int from) {
        return frame.indexOf(from, frame.writerIndex(), (byte) '\r');
    }
}
