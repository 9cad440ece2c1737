package io.vigil.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;

import java.nio.charset.StandardCharsets;
import java.util.Collection;

/** Request frames Vigil builds itself from binary-safe arguments. */
final class Frames {

    private Frames() {
    }

    // *<n>\r\n then n × $<len>\r\n<bytes>\r\n
    static ByteBuf command(ByteBufAllocator alloc, String name, Collection<byte[]> args) {
        ByteBuf out = alloc.buffer(32 + args.size() * 24);
        Replies.writeHeader(out, '*', args.size() + 1);
        Replies.writeBulk(out, name);
        for (byte[] arg : args) {
            out.writeByte('$');
            ByteBufUtil.writeAscii(out, Integer.toString(arg.length));
            out.writeByte('\r').writeByte('\n');
            out.writeBytes(arg);
            out.writeByte('\r').writeByte('\n');
        }
        return out;
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
