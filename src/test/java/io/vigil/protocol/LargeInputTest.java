package io.vigil.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Inputs too large for paranoid leak tracking, arriving in many pieces. Growth of the decoders'
 * buffer is counted to show it stays linear in the payload; releases are checked explicitly.
 */
class LargeInputTest {

    private static final int MB = 1024 * 1024;
    private static final int PIECE = 64 * 1024;
    private static final int SMALL_PIECE = 4 * 1024;
    private static final int MILLION = 1_000_000;

    private final GrowthCountingAllocator alloc = new GrowthCountingAllocator();

    private EmbeddedChannel channel(ChannelHandler decoder) {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.config().setAllocator(alloc);
        channel.pipeline().addLast(decoder);
        return channel;
    }

    /** Writes {@code size} bytes of a repeating pattern by re-sending one 64 KiB source buffer. */
    private void sendPattern(EmbeddedChannel channel, int size) {
        ByteBuf source = alloc.buffer(PIECE);
        for (int i = 0; i < PIECE; i++) {
            source.writeByte(i % 251);
        }
        for (int sent = 0; sent < size; sent += PIECE) {
            channel.writeInbound(source.retainedSlice(source.readerIndex(), Math.min(PIECE, size - sent)));
        }
        assertThat(source.release()).isTrue();
    }

    private void send(EmbeddedChannel channel, String ascii) {
        channel.writeInbound(alloc.buffer().writeBytes(ascii.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void decodesAHundredMegabyteArgumentArrivingIn64KPiecesCopyingItAtMostThreeTimes() {
        EmbeddedChannel channel = channel(new RespRequestDecoder(512L * MB, 1024, 64 * 1024));
        int size = 100 * MB;

        send(channel, "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$" + size + "\r\n");
        sendPattern(channel, size);
        send(channel, "\r\n*1\r\n$4\r\nPING\r\n");
        List<Object> out = Feed.drain(channel);

        assertThat(out).hasSize(2);
        RespRequest set = (RespRequest) out.get(0);
        assertThat(set.argLength(2)).isEqualTo(size);
        for (int i = 0; i < size; i += 4099) {
            assertThat(set.argByte(2, i)).isEqualTo((byte) (i % PIECE % 251));
        }
        assertThat(set.argByte(2, size - 1)).isEqualTo((byte) ((size - 1) % PIECE % 251));
        assertThat(alloc.grownBytes()).isLessThan(3L * size);
        assertThat(set.release()).isTrue();
        RespRequestDecoderTest.assertRequest(out.get(1), "PING");
        assertThat(set.frame().refCnt()).isZero();
    }

    @Test
    void decodesAMillionArgumentRequestArrivingIn4KPieces() {
        EmbeddedChannel channel = channel(new RespRequestDecoder(512L * MB, MILLION, 64 * 1024));
        StringBuilder request = new StringBuilder("*" + MILLION + "\r\n");
        for (int i = 0; i < MILLION; i++) {
            String arg = Integer.toString(i);
            request.append('$').append(arg.length()).append("\r\n").append(arg).append("\r\n");
        }
        byte[] input = request.toString().getBytes(StandardCharsets.US_ASCII);

        List<Object> out = Feed.inPieces(channel, input, SMALL_PIECE);

        assertThat(out).hasSize(1);
        RespRequest mset = (RespRequest) out.get(0);
        assertThat(mset.argCount()).isEqualTo(MILLION);
        for (int i = 0; i < MILLION; i += 7919) {
            assertThat(mset.argLong(i)).isEqualTo(i);
        }
        assertThat(mset.argLong(MILLION - 1)).isEqualTo(MILLION - 1);
        assertThat(Feed.bytes(mset.frame())).isEqualTo(input);
        assertThat(mset.release()).isTrue();
        assertThat(mset.frame().refCnt()).isZero();
    }

    @Test
    void decodesAHundredMegabyteBulkReplyArrivingIn64KPiecesCopyingItAtMostThreeTimes() {
        EmbeddedChannel channel = channel(new RespReplyDecoder());
        int size = 100 * MB;

        send(channel, "*2\r\n$" + size + "\r\n");
        sendPattern(channel, size);
        send(channel, "\r\n:7\r\n+OK\r\n");
        List<Object> out = Feed.drain(channel);

        assertThat(out).hasSize(2);
        ByteBuf reply = (ByteBuf) out.get(0);
        int header = ("*2\r\n$" + size + "\r\n").length();
        assertThat(reply.readableBytes()).isEqualTo(header + size + 2 + 4);
        assertThat(reply.getByte(reply.readerIndex() + header + size - 1)).isEqualTo((byte) ((size - 1) % PIECE % 251));
        assertThat(alloc.grownBytes()).isLessThan(3L * size);
        releaseFully(out);
    }

    @Test
    void decodesAMillionElementReplyArrivingIn4KPieces() {
        EmbeddedChannel channel = channel(new RespReplyDecoder());
        StringBuilder reply = new StringBuilder("*" + MILLION + "\r\n");
        for (int i = 0; i < MILLION; i++) {
            reply.append(i % 2 == 0 ? ":" + i + "\r\n" : "$1\r\nx\r\n");
        }
        byte[] input = (reply + "+OK\r\n").getBytes(StandardCharsets.US_ASCII);

        List<Object> out = Feed.inPieces(channel, input, SMALL_PIECE);

        assertThat(out).hasSize(2);
        assertThat(((ByteBuf) out.get(0)).readableBytes()).isEqualTo(input.length - 5);
        assertThat(((ByteBuf) out.get(1)).toString(StandardCharsets.US_ASCII)).isEqualTo("+OK\r\n");
        releaseFully(out);
    }

    @Test
    void decodesAReplyNestedAMillionLevelsDeep() {
        EmbeddedChannel channel = channel(new RespReplyDecoder());
        byte[] input = ("*1\r\n".repeat(MILLION) + "$0\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

        List<Object> out = Feed.inPieces(channel, input, SMALL_PIECE);

        assertThat(out).hasSize(1);
        assertThat(Feed.bytes((ByteBuf) out.get(0))).isEqualTo(input);
        releaseFully(out);
    }

    /** Releases the slices and checks the memory under them is freed. */
    private static void releaseFully(List<Object> slices) {
        for (Object slice : slices) {
            ((ByteBuf) slice).release();
        }
        for (Object slice : slices) {
            assertThat(((ByteBuf) slice).refCnt()).isZero();
        }
    }
}
