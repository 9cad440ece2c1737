package io.vigil.topology;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns one complete reply frame, as {@code RespReplyDecoder} emits it, into plain Java values
 * that the control plane can look at: a simple, bulk, verbatim, double or big-number reply
 * becomes a {@link String}; an integer a {@link Long}; a boolean a {@link Boolean}; an error a
 * {@link RespError}; an array, set or push a {@link List}; a map a flat {@link List} of keys and
 * values (the shape RESP2 gives the same data); any null {@code null}. An attribute is skipped.
 * Control replies are small, so copying them into Strings is fine here; the data path never
 * comes this way.
 */
final class ReplyParser {

    private ReplyParser() {
    }

    /** Parses the frame's readable bytes, which must be exactly one reply; the frame is not released. */
    static Object parse(ByteBuf frame) {
        ByteBuf in = frame.duplicate();
        Object value = value(in);
        if (in.isReadable()) {
            throw new IllegalArgumentException("reply: " + in.readableBytes() + " bytes after the value (expected: one reply)");
        }
        return value;
    }

    private static Object value(ByteBuf in) {
        byte type = in.readByte();
        return switch (type) {
            case '+', ',', '(' -> line(in);               // +<text>\r\n
            case '-' -> new RespError(line(in));            // -<code> <text>\r\n
            case ':' -> Long.parseLong(line(in));           // :<decimal>\r\n
            case '_' -> nothing(line(in));                  // _\r\n
            case '#' -> "t".equals(line(in));               // #t\r\n or #f\r\n
            case '$', '=' -> blob(in, type == '=');         // $<len>\r\n<bytes>\r\n, $-1\r\n is null
            case '!' -> new RespError(blob(in, false));     // !<len>\r\n<bytes>\r\n
            case '*', '~', '>' -> list(in, count(in), 1);   // *<n>\r\n then n values, *-1\r\n is null
            case '%' -> list(in, count(in), 2);             // %<n>\r\n then n key/value pairs
            case '|' -> {                                   // |<n>\r\n n pairs, then the value they describe
                list(in, count(in), 2);
                yield value(in);
            }
            default -> throw new IllegalArgumentException(
                    String.format("type byte: 0x%02x (expected: a RESP2 or RESP3 type)", type & 0xff));
        };
    }

    private static Object nothing(String text) {
        return null;
    }

    private static String line(ByteBuf in) {
        int length = in.bytesBefore((byte) '\r');
        if (length < 0) {
            throw new IllegalArgumentException("line: no CR (expected: a CRLF-terminated line)");
        }
        String text = in.readCharSequence(length, StandardCharsets.UTF_8).toString();
        in.skipBytes(2);
        return text;
    }

    private static String blob(ByteBuf in, boolean verbatim) {
        int length = Integer.parseInt(line(in));
        if (length < 0) {
            return null;
        }
        String text = in.readCharSequence(length, StandardCharsets.UTF_8).toString();
        in.skipBytes(2);
        // a verbatim string starts with its format: "txt:" or "mkd:"
        return verbatim && text.length() >= 4 ? text.substring(4) : text;
    }

    private static long count(ByteBuf in) {
        return Long.parseLong(line(in));
    }

    private static List<Object> list(ByteBuf in, long count, int perEntry) {
        if (count < 0) {
            return null;
        }
        List<Object> values = new ArrayList<>((int) Math.min(count * perEntry, 1024));
        for (long i = 0; i < count * perEntry; i++) {
            values.add(value(in));
        }
        return values;
    }
}
