package io.vigil.protocol;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/**
 * A client sent bytes that are not a request. {@link RespRequestDecoder} emits one of these and
 * then drops all further input; the connection's owner replies {@code -<message>\r\n} and closes,
 * as Redis does.
 *
 * <p>The texts are Redis 7.0's, checked against the real {@code redis-server}
 * ({@code src/test/resources/io/vigil/protocol/malformed-requests.tsv} lists each case).
 *
 * @param message the error without its leading '-' and trailing CRLF, e.g.
 *                {@code ERR Protocol error: invalid multibulk length}. One char per wire byte
 *                (ISO-8859-1): "expected '$', got 'X'" quotes the client's byte as it was.
 */
public record ProtocolError(String message) {

    public static final ProtocolError INVALID_MULTIBULK_LENGTH = of("invalid multibulk length");
    public static final ProtocolError INVALID_BULK_LENGTH = of("invalid bulk length");
    public static final ProtocolError TOO_BIG_MBULK_COUNT_STRING = of("too big mbulk count string");
    public static final ProtocolError TOO_BIG_BULK_COUNT_STRING = of("too big bulk count string");
    public static final ProtocolError TOO_BIG_INLINE_REQUEST = of("too big inline request");
    public static final ProtocolError UNBALANCED_QUOTES = of("unbalanced quotes in request");
    public static final ProtocolError UNAUTHENTICATED_MULTIBULK_LENGTH =
            of("unauthenticated multibulk length");
    public static final ProtocolError UNAUTHENTICATED_BULK_LENGTH = of("unauthenticated bulk length");

    private static final String PREFIX = "ERR Protocol error: ";

    /**
     * Redis's "expected '$', got 'X'". Redis replaces CR and LF in error texts with spaces, so
     * {@code got} shows as ' ' for those two bytes.
     */
    static ProtocolError expectedDollar(byte got) {
        char shown = got == '\r' || got == '\n' ? ' ' : (char) (got & 0xff);
        return of("expected '$', got '" + shown + "'");
    }

    private static ProtocolError of(String what) {
        return new ProtocolError(PREFIX + what);
    }

    /** Writes the error reply exactly as Redis sends it: {@code -<message>\r\n}. */
    public void writeTo(ByteBuf out) {
        out.writeByte('-');
        out.writeCharSequence(message, StandardCharsets.ISO_8859_1);
        out.writeByte('\r');
        out.writeByte('\n');
    }
}
