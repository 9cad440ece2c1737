package io.vigil.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class CumulationTest {

    private static final ByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;

    private static ByteBuf bytes(String s) {
        ByteBuf buf = ALLOC.directBuffer(s.length());
        buf.writeCharSequence(s, StandardCharsets.US_ASCII);
        return buf;
    }

    @Test
    void takesTheNewReadAsItIsWhenNothingIsLeftOver() {
        ByteBuf cumulation = bytes("*1\r\n");
        cumulation.skipBytes(4);
        ByteBuf in = bytes("+OK\r\n");

        ByteBuf result = Cumulation.cumulate(ALLOC, cumulation, in);

        assertThat(result).isSameAs(in);
        assertThat(cumulation.refCnt()).isZero();
        result.release();
    }

    @Test
    void movesUnreadBytesToTheFrontRatherThanGrowWhenMostBytesAreRead() {
        ByteBuf cumulation = ALLOC.directBuffer(1024);
        cumulation.writeBytes(new byte[1000]).setByte(999, 'x');
        cumulation.skipBytes(900);
        int capacity = cumulation.capacity();
        ByteBuf in = bytes("y".repeat(capacity - 1000 + 50));

        ByteBuf result = Cumulation.cumulate(ALLOC, cumulation, in);

        assertThat(result).isSameAs(cumulation);
        assertThat(result.capacity()).isEqualTo(capacity);
        assertThat(result.readerIndex()).isZero();
        assertThat(result.readableBytes()).isEqualTo(100 + capacity - 1000 + 50);
        assertThat(result.getByte(99)).isEqualTo((byte) 'x');
        assertThat(result.getByte(100)).isEqualTo((byte) 'y');
        assertThat(in.refCnt()).isZero();
        result.release();
    }

    @Test
    void copiesIntoANewBufferWhileASliceOfTheOldOneIsAlive() {
        ByteBuf cumulation = bytes("+OK\r\n$5\r\nhel");
        ByteBuf reply = cumulation.retainedSlice(0, 5);
        cumulation.skipBytes(5);
        ByteBuf in = bytes("lo\r\n");

        ByteBuf result = Cumulation.cumulate(ALLOC, cumulation, in);

        assertThat(result).isNotSameAs(cumulation);
        assertThat(result.toString(StandardCharsets.US_ASCII)).isEqualTo("$5\r\nhello\r\n");
        assertThat(reply.toString(StandardCharsets.US_ASCII)).isEqualTo("+OK\r\n");
        assertThat(reply.release()).isTrue(); // the old buffer goes with its last slice
        assertThat(in.refCnt()).isZero();
        result.release();
    }

    /**
     * 100 KB replies streaming in 64 KiB reads, several reads per event-loop iteration, the
     * replies of an iteration released only at its end (when they have been written to their
     * clients), as on a backend connection: the buffer never holds much more than one reply.
     */
    @Test
    void replyBufferStaysNearOneReplyWhileLargeRepliesStream() {
        RespReplyDecoder decoder = new RespReplyDecoder();
        EmbeddedChannel channel = new EmbeddedChannel(decoder);
        byte[] value = new byte[100 * 1024];
        Arrays.fill(value, (byte) 'v');
        byte[] header = ("$" + value.length + "\r\n").getBytes(StandardCharsets.US_ASCII);
        ByteBuf stream = Unpooled.buffer();
        for (int i = 0; i < 300; i++) {
            stream.writeBytes(header).writeBytes(value).writeBytes(new byte[] {'\r', '\n'});
        }
        ArrayDeque<ByteBuf> written = new ArrayDeque<>();
        int maxCapacity = 0;
        int replies = 0;
        for (int read = 1; stream.isReadable(); read++) {
            int n = Math.min(64 * 1024, stream.readableBytes());
            channel.writeInbound(ALLOC.directBuffer(n).writeBytes(stream, n));
            ByteBuf reply;
            while ((reply = channel.readInbound()) != null) {
                assertThat(reply.readableBytes()).isEqualTo(header.length + value.length + 2);
                replies++;
                written.add(reply);
            }
            if (read % 5 == 0) { // end of the loop iteration: the flush sends and releases them
                written.forEach(ByteBuf::release);
                written.clear();
            }
            maxCapacity = Math.max(maxCapacity, decoder.bufferCapacity());
        }
        written.forEach(ByteBuf::release);

        assertThat(replies).isEqualTo(300);
        assertThat(maxCapacity).isLessThanOrEqualTo(512 * 1024);
        assertThat(channel.finish()).isFalse();
    }
}
