package io.vigil.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;

import java.util.ArrayList;
import java.util.List;

/** Feeds bytes to a decoder in an {@link EmbeddedChannel} and collects what it emits. */
final class Feed {

    /** How a test input is cut into reads. */
    enum Split {
        WHOLE {
            @Override
            List<Object> feed(EmbeddedChannel channel, byte[] input) {
                return whole(channel, input);
            }
        },
        BYTE_BY_BYTE {
            @Override
            List<Object> feed(EmbeddedChannel channel, byte[] input) {
                return byteByByte(channel, input);
            }
        };

        abstract List<Object> feed(EmbeddedChannel channel, byte[] input);
    }

    private Feed() {
    }

    /** All of {@code input} in one buffer. */
    static List<Object> whole(EmbeddedChannel channel, byte[] input) {
        return inPieces(channel, input, Math.max(1, input.length));
    }

    /** One byte per read: every split point a fragment can have. */
    static List<Object> byteByByte(EmbeddedChannel channel, byte[] input) {
        return inPieces(channel, input, 1);
    }

    static List<Object> inPieces(EmbeddedChannel channel, byte[] input, int piece) {
        for (int i = 0; i < input.length; i += piece) {
            // From the channel's (leak-tracked) allocator, so paranoid detection sees every slice.
            channel.writeInbound(channel.alloc().buffer(piece).writeBytes(input, i, Math.min(piece, input.length - i)));
        }
        return drain(channel);
    }

    static List<Object> drain(EmbeddedChannel channel) {
        List<Object> out = new ArrayList<>();
        for (Object msg; (msg = channel.readInbound()) != null; ) {
            out.add(msg);
        }
        return out;
    }

    static void releaseAll(List<Object> messages) {
        messages.forEach(ReferenceCountUtil::release);
    }

    static byte[] bytes(ByteBuf buf) {
        byte[] out = new byte[buf.readableBytes()];
        buf.getBytes(buf.readerIndex(), out);
        return out;
    }
}
