package io.vigil.protocol;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/**
 * Looks inside one complete reply, as {@link RespReplyDecoder} emits it, without copying or moving
 * its indexes. A reply that starts with an attribute ({@code |n ...}) is looked at past it: the
 * answers are about the value the attribute belongs to.
 */
public final class RespReplies {

    private RespReplies() {
    }

    /** The reply's type byte: one of {@code + - : $ * _ # , ( ! = % ~ >}. */
    public static byte type(ByteBuf reply) {
        return reply.getByte(valueIndex(reply));
    }

    /** A simple error ({@code -}) or a blob error ({@code !}). */
    public static boolean isError(ByteBuf reply) {
        byte type = type(reply);
        return type == '-' || type == '!';
    }

    /** A RESP3 push ({@code >}): out-of-band data, not the answer to a request. */
    public static boolean isPush(ByteBuf reply) {
        return type(reply) == '>';
    }

    /** {@code _}, {@code $-1} or {@code *-1}. */
    public static boolean isNull(ByteBuf reply) {
        int i = valueIndex(reply);
        byte type = reply.getByte(i);
        return type == '_' || ((type == '$' || type == '*') && reply.getByte(i + 1) == '-');
    }

    /**
     * Whether the reply is an error whose code, its first word, is {@code code}: {@code READONLY},
     * {@code LOADING}, {@code MASTERDOWN}, {@code MOVED}... Compared exactly (codes are upper case).
     */
    public static boolean isErrorWithCode(ByteBuf reply, String code) {
        int i = valueIndex(reply);
        int cr = lineEnd(reply, i);
        int start;
        int end;
        byte type = reply.getByte(i);
        if (type == '-') {
            start = i + 1;
            end = cr;
        } else if (type == '!') {
            start = cr + 2;
            end = start + (int) Decimal.parse(reply, i + 1, cr - i - 1);
        } else {
            return false;
        }
        int n = code.length();
        if (end - start < n) {
            return false;
        }
        for (int k = 0; k < n; k++) {
            if (reply.getByte(start + k) != code.charAt(k)) {
                return false;
            }
        }
        return end - start == n || reply.getByte(start + n) == ' ';
    }

    /** An error's text without the '-', or null when the reply is not an error. Allocates. */
    public static String errorMessage(ByteBuf reply) {
        int i = valueIndex(reply);
        int cr = lineEnd(reply, i);
        return switch (reply.getByte(i)) {
            case '-' -> reply.toString(i + 1, cr - i - 1, StandardCharsets.UTF_8);
            case '!' -> reply.toString(cr + 2, (int) Decimal.parse(reply, i + 1, cr - i - 1),
                    StandardCharsets.UTF_8);
            default -> null;
        };
    }

    /** The value of an integer reply ({@code :<n>}). */
    public static long integer(ByteBuf reply) {
        int i = valueIndex(reply);
        if (reply.getByte(i) != ':') {
            throw new IllegalArgumentException("reply type: " + (char) reply.getByte(i) + " (expected: ':')");
        }
        return Decimal.parse(reply, i + 1, lineEnd(reply, i) - i - 1);
    }

    /**
     * For a pub/sub reply, an array or push of 3 or 4 elements whose first is a bulk string
     * ({@code subscribe}, {@code message}, {@code pmessage}...): a view of that kind, not retained
     * and valid while the reply is. Null for any other reply.
     */
    public static ByteBuf pubSubKind(ByteBuf reply) {
        int first = pubSubFirstElement(reply, 4);
        if (first < 0 || reply.getByte(first) != '$') {
            return null;
        }
        int cr = lineEnd(reply, first);
        long length = Decimal.parse(reply, first + 1, cr - first - 1);
        return length < 0 ? null : reply.slice(cr + 2, (int) length);
    }

    /** Whether {@link #pubSubKind} is {@code lowerAsciiKind}, ignoring ASCII case. */
    public static boolean isPubSubKind(ByteBuf reply, String lowerAsciiKind) {
        ByteBuf kind = pubSubKind(reply);
        if (kind == null || kind.readableBytes() != lowerAsciiKind.length()) {
            return false;
        }
        for (int k = 0; k < lowerAsciiKind.length(); k++) {
            int b = kind.getByte(kind.readerIndex() + k);
            if (b >= 'A' && b <= 'Z') {
                b += 'a' - 'A';
            }
            if (b != lowerAsciiKind.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /**
     * For a subscription reply of shape {@code *3}/{@code >3} of {@code $kind}, channel (a bulk, or
     * null when there was nothing to unsubscribe from) and {@code :count}: the count of channels
     * and patterns the connection is now subscribed to. -1 for any other reply.
     */
    public static long pubSubCount(ByteBuf reply) {
        int first = pubSubFirstElement(reply, 3);
        if (first < 0 || pubSubKind(reply) == null) {
            return -1;
        }
        int third = skip(reply, first, 2);
        if (reply.getByte(third) != ':') {
            return -1;
        }
        return Decimal.parse(reply, third + 1, lineEnd(reply, third) - third - 1);
    }

    /** Index of the first element of a {@code *} or {@code >} reply of 3 (to maxCount) elements. */
    private static int pubSubFirstElement(ByteBuf reply, int maxCount) {
        int i = valueIndex(reply);
        byte type = reply.getByte(i);
        if (type != '*' && type != '>') {
            return -1;
        }
        int cr = lineEnd(reply, i);
        long count = Decimal.parse(reply, i + 1, cr - i - 1);
        return count >= 3 && count <= maxCount ? cr + 2 : -1;
    }

    /** Index of the reply's own value: past any attributes in front of it. */
    static int valueIndex(ByteBuf reply) {
        int i = reply.readerIndex();
        while (reply.getByte(i) == '|') {
            int cr = lineEnd(reply, i);
            i = skip(reply, cr + 2, 2 * Decimal.parse(reply, i + 1, cr - i - 1));
        }
        return i;
    }

    /** Index just past {@code count} complete values starting at {@code i}. */
    static int skip(ByteBuf reply, int i, long count) {
        for (long remaining = count; remaining > 0; remaining--) {
            int cr = lineEnd(reply, i);
            byte type = reply.getByte(i);
            long n = type == '+' || type == '-' || type == ':' || type == '_' || type == '#'
                    || type == ',' || type == '(' ? 0 : Decimal.parse(reply, i + 1, cr - i - 1);
            i = cr + 2;
            switch (type) {
                case '$', '!', '=' -> i += n < 0 ? 0 : (int) n + 2;
                case '*', '~', '>' -> remaining += Math.max(n, 0);
                case '%' -> remaining += 2 * n;
                case '|' -> remaining += 2 * n + 1;
                default -> { }
            }
        }
        return i;
    }

    private static int lineEnd(ByteBuf reply, int from) {
        int cr = reply.indexOf(from, reply.writerIndex(), (byte) '\r');
        if (cr < 0) {
            throw new IllegalArgumentException("not a complete RESP reply: no CR after index " + from);
        }
        return cr;
    }
}
