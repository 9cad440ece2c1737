package io.vigil.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

import java.nio.charset.StandardCharsets;

/**
 * Writes RESP into a {@link ByteBuf}: replies the proxy makes up, and the proxy's own commands to
 * backends. Text is written as UTF-8, and simple strings and errors must not contain CR or LF.
 *
 * <p>The constants are shared, read-only and unreleasable: write {@code OK.duplicate()} (its own
 * indexes over the same bytes), never the constant itself, whose reader index would move.
 */
public final class RespWriter {

    public static final ByteBuf OK = shared("+OK\r\n");
    public static final ByteBuf PONG = shared("+PONG\r\n");
    public static final ByteBuf QUEUED = shared("+QUEUED\r\n");
    public static final ByteBuf ZERO = shared(":0\r\n");
    public static final ByteBuf ONE = shared(":1\r\n");
    public static final ByteBuf NULL_BULK = shared("$-1\r\n");
    public static final ByteBuf NULL_ARRAY = shared("*-1\r\n");
    public static final ByteBuf EMPTY_ARRAY = shared("*0\r\n");

    private RespWriter() {
    }

    /** {@code +<text>\r\n} */
    public static void simpleString(ByteBuf out, CharSequence text) {
        line(out, '+', text);
    }

    /** {@code -<message>\r\n}; the message starts with its code: {@code ERR ...}, {@code NOAUTH ...}. */
    public static void error(ByteBuf out, CharSequence message) {
        line(out, '-', message);
    }

    /** {@code :<value>\r\n} */
    public static void integer(ByteBuf out, long value) {
        header(out, ':', value);
    }

    /** {@code $<len>\r\n<bytes>\r\n} */
    public static void bulk(ByteBuf out, byte[] bytes) {
        header(out, '$', bytes.length);
        out.writeBytes(bytes);
        crlf(out);
    }

    /** A bulk of {@code content}'s readable bytes, copied; {@code content}'s indexes do not move. */
    public static void bulk(ByteBuf out, ByteBuf content) {
        header(out, '$', content.readableBytes());
        out.writeBytes(content, content.readerIndex(), content.readableBytes());
        crlf(out);
    }

    /** A bulk of {@code text} as UTF-8. */
    public static void bulk(ByteBuf out, CharSequence text) {
        header(out, '$', ByteBufUtil.utf8Bytes(text));
        ByteBufUtil.writeUtf8(out, text);
        crlf(out);
    }

    /** {@code $-1\r\n}, RESP2's null. */
    public static void nullBulk(ByteBuf out) {
        out.writeBytes(NULL_BULK, NULL_BULK.readerIndex(), NULL_BULK.readableBytes());
    }

    /** {@code *<count>\r\n}: the count elements must follow. */
    public static void arrayHeader(ByteBuf out, long count) {
        header(out, '*', count);
    }

    /** {@code *-1\r\n}, RESP2's null array. */
    public static void nullArray(ByteBuf out) {
        out.writeBytes(NULL_ARRAY, NULL_ARRAY.readerIndex(), NULL_ARRAY.readableBytes());
    }

    /** {@code _\r\n}, RESP3's null. */
    public static void resp3Null(ByteBuf out) {
        out.writeByte('_');
        crlf(out);
    }

    /** {@code %<pairs>\r\n}: 2 × pairs elements (key, value, key, value...) must follow. */
    public static void mapHeader(ByteBuf out, long pairs) {
        header(out, '%', pairs);
    }

    /** {@code #t\r\n} or {@code #f\r\n}, RESP3's boolean. */
    public static void bool(ByteBuf out, boolean value) {
        out.writeByte('#');
        out.writeByte(value ? 't' : 'f');
        crlf(out);
    }

    /**
     * A request frame, {@code *<n>\r\n} then {@code $<len>\r\n<arg>\r\n} per argument, in a buffer
     * from {@code alloc} that the caller owns: for the proxy's own commands ({@code SELECT 3},
     * {@code AUTH ...}, {@code ROLE}).
     */
    public static ByteBuf command(ByteBufAllocator alloc, String... args) {
        int size = 16;
        for (String arg : args) {
            size += ByteBufUtil.utf8Bytes(arg) + 16;
        }
        ByteBuf out = alloc.buffer(size);
        arrayHeader(out, args.length);
        for (String arg : args) {
            bulk(out, arg);
        }
        return out;
    }

    private static void header(ByteBuf out, char type, long value) {
        out.writeByte(type);
        Decimal.write(out, value);
        crlf(out);
    }

    private static void line(ByteBuf out, char type, CharSequence text) {
        out.writeByte(type);
        ByteBufUtil.writeUtf8(out, text);
        crlf(out);
    }

    private static void crlf(ByteBuf out) {
        out.writeByte('\r');
        out.writeByte('\n');
    }

    private static ByteBuf shared(String resp) {
        byte[] bytes = resp.getBytes(StandardCharsets.US_ASCII);
        return Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(bytes).asReadOnly());
    }
}
