package io.vigil.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;

import java.nio.charset.StandardCharsets;

/** Builds the replies Vigil answers itself, in the client's protocol version. */
final class Replies {

    private static final byte[] CRLF = {'\r', '\n'};

    private Replies() {
    }

    static ByteBuf simple(ByteBufAllocator alloc, String s) {
        ByteBuf out = alloc.buffer(s.length() + 3);
        out.writeByte('+');
        ByteBufUtil.writeUtf8(out, s);
        return out.writeBytes(CRLF);
    }

    /** {@code -<error>\r\n}; newlines in the text would end the line early, so they become spaces. */
    static ByteBuf error(ByteBufAllocator alloc, String error) {
        ByteBuf out = alloc.buffer(error.length() + 3);
        out.writeByte('-');
        ByteBufUtil.writeUtf8(out, error.replace('\r', ' ').replace('\n', ' '));
        return out.writeBytes(CRLF);
    }

    /**
     * An error whose text holds raw bytes, one char per byte (a protocol error quotes the byte
     * that broke the request, which need not be valid UTF-8), sent back byte for byte as Redis does.
     */
    static ByteBuf rawError(ByteBufAllocator alloc, String latin1) {
        ByteBuf out = alloc.buffer(latin1.length() + 3);
        out.writeByte('-');
        out.writeCharSequence(latin1, StandardCharsets.ISO_8859_1);
        return out.writeBytes(CRLF);
    }

    static ByteBuf integer(ByteBufAllocator alloc, long value) {
        ByteBuf out = alloc.buffer(24);
        out.writeByte(':');
        ByteBufUtil.writeAscii(out, Long.toString(value));
        return out.writeBytes(CRLF);
    }

    /** {@code $<len>\r\n<bytes>\r\n}, copying {@code len} bytes of {@code src} from {@code index}. */
    static ByteBuf bulk(ByteBufAllocator alloc, ByteBuf src, int index, int len) {
        ByteBuf out = alloc.buffer(len + 16);
        writeBulk(out, src, index, len);
        return out;
    }

    static ByteBuf bulk(ByteBufAllocator alloc, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        ByteBuf out = alloc.buffer(bytes.length + 16);
        out.writeByte('$');
        ByteBufUtil.writeAscii(out, Integer.toString(bytes.length));
        out.writeBytes(CRLF).writeBytes(bytes);
        return out.writeBytes(CRLF);
    }

    /** A null bulk string: {@code $-1} in RESP2, {@code _} in RESP3. */
    static ByteBuf nullBulk(ByteBufAllocator alloc, int protocol) {
        ByteBuf out = alloc.buffer(5);
        if (protocol == 3) {
            return out.writeByte('_').writeBytes(CRLF);
        }
        ByteBufUtil.writeAscii(out, "$-1\r\n");
        return out;
    }

    static void writeBulk(ByteBuf out, ByteBuf src, int index, int len) {
        out.writeByte('$');
        ByteBufUtil.writeAscii(out, Integer.toString(len));
        out.writeBytes(CRLF);
        out.writeBytes(src, index, len);
        out.writeBytes(CRLF);
    }

    static void writeBulk(ByteBuf out, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeByte('$');
        ByteBufUtil.writeAscii(out, Integer.toString(bytes.length));
        out.writeBytes(CRLF).writeBytes(bytes).writeBytes(CRLF);
    }

    static void writeHeader(ByteBuf out, char type, long n) {
        out.writeByte(type);
        ByteBufUtil.writeAscii(out, Long.toString(n));
        out.writeBytes(CRLF);
    }
}
