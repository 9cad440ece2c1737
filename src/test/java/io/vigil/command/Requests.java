package io.vigil.command;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vigil.protocol.RespRequest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds {@link RespRequest}s by hand for tests, as the decoder would: the frame is multibulk
 * bytes ({@code *<n>\r\n} then {@code n × $<len>\r\n<bytes>\r\n}) and each argument is an offset
 * and length inside it. The frame starts after some unrelated bytes, so offsets relative to the
 * reader index are exercised. Every request made is released by {@link #releaseAll()}.
 */
final class Requests {

    private static final byte[] JUNK = "+junk before the frame\r\n".getBytes(StandardCharsets.US_ASCII);

    private final List<RespRequest> made = new ArrayList<>();

    RespRequest of(String... args) {
        byte[][] bytes = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            bytes[i] = args[i].getBytes(StandardCharsets.UTF_8);
        }
        return of(bytes);
    }

    RespRequest of(byte[]... args) {
        ByteBuf buf = Unpooled.buffer();
        buf.writeBytes(JUNK);
        buf.readerIndex(JUNK.length);
        int[] offsets = new int[args.length];
        int[] lengths = new int[args.length];
        buf.writeCharSequence("*" + args.length + "\r\n", StandardCharsets.US_ASCII);
        for (int i = 0; i < args.length; i++) {
            buf.writeCharSequence("$" + args[i].length + "\r\n", StandardCharsets.US_ASCII);
            offsets[i] = buf.writerIndex() - buf.readerIndex();
            lengths[i] = args[i].length;
            buf.writeBytes(args[i]);
            buf.writeCharSequence("\r\n", StandardCharsets.US_ASCII);
        }
        RespRequest req = new RespRequest(buf, args.length, offsets, lengths);
        made.add(req);
        return req;
    }

    void releaseAll() {
        for (RespRequest req : made) {
            if (req.refCnt() > 0) {
                req.release();
            }
        }
        made.clear();
    }
}
