package io.vigil.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RespWriterTest {

    private static String written(Consumer<ByteBuf> writer) {
        ByteBuf out = Unpooled.buffer(4);
        writer.accept(out);
        return CEscapes.encode(Feed.bytes(out));
    }

    @Test
    void writesEveryReplyType() {
        assertThat(written(out -> RespWriter.simpleString(out, "OK"))).isEqualTo("+OK\\r\\n");
        assertThat(written(out -> RespWriter.error(out, "ERR no"))).isEqualTo("-ERR no\\r\\n");
        assertThat(written(out -> RespWriter.integer(out, 0))).isEqualTo(":0\\r\\n");
        assertThat(written(out -> RespWriter.integer(out, -1234567890123L))).isEqualTo(":-1234567890123\\r\\n");
        assertThat(written(out -> RespWriter.integer(out, Long.MIN_VALUE))).isEqualTo(":-9223372036854775808\\r\\n");
        assertThat(written(out -> RespWriter.integer(out, Long.MAX_VALUE))).isEqualTo(":9223372036854775807\\r\\n");
        assertThat(written(out -> RespWriter.bulk(out, new byte[] {0, '\r', '\n'}))).isEqualTo("$3\\r\\n\\x00\\r\\n\\r\\n");
        assertThat(written(out -> RespWriter.bulk(out, "é"))).isEqualTo("$2\\r\\n\\xc3\\xa9\\r\\n");
        assertThat(written(out -> RespWriter.nullBulk(out))).isEqualTo("$-1\\r\\n");
        assertThat(written(out -> RespWriter.arrayHeader(out, 12))).isEqualTo("*12\\r\\n");
        assertThat(written(out -> RespWriter.nullArray(out))).isEqualTo("*-1\\r\\n");
        assertThat(written(out -> RespWriter.resp3Null(out))).isEqualTo("_\\r\\n");
        assertThat(written(out -> RespWriter.mapHeader(out, 3))).isEqualTo("%3\\r\\n");
        assertThat(written(out -> RespWriter.bool(out, true))).isEqualTo("#t\\r\\n");
        assertThat(written(out -> RespWriter.bool(out, false))).isEqualTo("#f\\r\\n");
    }

    @Test
    void copiesABulkFromABufferWithoutMovingItsIndexes() {
        ByteBuf content = Unpooled.copiedBuffer("xxvaluexx", StandardCharsets.US_ASCII).setIndex(2, 7);

        assertThat(written(out -> RespWriter.bulk(out, content))).isEqualTo("$5\\r\\nvalue\\r\\n");
        assertThat(content.readerIndex()).isEqualTo(2);
        assertThat(content.writerIndex()).isEqualTo(7);
    }

    @Test
    void sharesConstantsThatCannotBeReleasedOrChanged() {
        assertThat(RespWriter.OK.toString(StandardCharsets.US_ASCII)).isEqualTo("+OK\r\n");
        assertThat(RespWriter.PONG.toString(StandardCharsets.US_ASCII)).isEqualTo("+PONG\r\n");
        assertThat(RespWriter.QUEUED.toString(StandardCharsets.US_ASCII)).isEqualTo("+QUEUED\r\n");
        assertThat(RespWriter.ZERO.toString(StandardCharsets.US_ASCII)).isEqualTo(":0\r\n");
        assertThat(RespWriter.ONE.toString(StandardCharsets.US_ASCII)).isEqualTo(":1\r\n");

        assertThat(RespWriter.OK.release()).isFalse();
        assertThat(RespWriter.OK.isReadOnly()).isTrue();
        assertThatThrownBy(() -> RespWriter.OK.setByte(0, '-')).isInstanceOf(java.nio.ReadOnlyBufferException.class);
        assertThat(RespWriter.OK.refCnt()).isPositive();
    }

    @Test
    void writingADuplicateOfAConstantLeavesTheConstantIntact() {
        EmbeddedChannel channel = new EmbeddedChannel();

        channel.writeOutbound(RespWriter.OK.duplicate(), RespWriter.OK.duplicate());
        ByteBuf first = channel.readOutbound();
        ByteBuf second = channel.readOutbound();

        assertThat(first.toString(StandardCharsets.US_ASCII)).isEqualTo("+OK\r\n");
        assertThat(second.toString(StandardCharsets.US_ASCII)).isEqualTo("+OK\r\n");
        first.release();
        second.release();
        assertThat(RespWriter.OK.readableBytes()).isEqualTo(5);
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void buildsCommandFramesThatDecodeBackToTheSameArguments() {
        EmbeddedChannel channel = new EmbeddedChannel(new RespRequestDecoder(1024, 16, 1024));
        ByteBuf command = RespWriter.command(channel.alloc(), "AUTH", "user", "pässwörd", "");

        assertThat(CEscapes.encode(Feed.bytes(command)))
                .isEqualTo("*4\\r\\n$4\\r\\nAUTH\\r\\n$4\\r\\nuser\\r\\n"
                        + "$10\\r\\np\\xc3\\xa4ssw\\xc3\\xb6rd\\r\\n$0\\r\\n\\r\\n");
        channel.writeInbound(command);
        List<Object> out = Feed.drain(channel);

        assertThat(out).hasSize(1);
        RespRequest request = (RespRequest) out.get(0);
        assertThat(request.argString(2)).isEqualTo("pässwörd");
        RespRequestDecoderTest.assertRequest(request, "AUTH", "user", "p\\xc3\\xa4ssw\\xc3\\xb6rd", "");
    }
}
