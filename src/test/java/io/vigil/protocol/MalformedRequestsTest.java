package io.vigil.protocol;

import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.vigil.protocol.Feed.Split;
import io.vigil.protocol.MalformedRequestTable.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import static io.vigil.protocol.RespRequestDecoderTest.MAX_ARGS;
import static io.vigil.protocol.RespRequestDecoderTest.MAX_BULK;
import static io.vigil.protocol.RespRequestDecoderTest.MAX_INLINE;
import static org.assertj.core.api.Assertions.assertThat;

/** Every row of malformed-requests.tsv gives the error Redis gives, however the bytes arrive. */
class MalformedRequestsTest {

    private static final int UNTRACKED_ABOVE = 4096;

    static Stream<Arguments> rows() {
        return MalformedRequestTable.load().stream()
                .flatMap(row -> Stream.of(Split.values()).map(split -> Arguments.of(row, split)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("rows")
    void answersMalformedInputWithRedisError(Row row, Split split) {
        RespRequestDecoder decoder = new RespRequestDecoder(MAX_BULK, MAX_ARGS, MAX_INLINE);
        decoder.setAuthenticated(!row.needsUnauthenticatedClient());
        EmbeddedChannel channel = new EmbeddedChannel(decoder);
        if (row.input().length > UNTRACKED_ABOVE) {
            // Paranoid leak tracking records a stack trace per buffer access: 70,000 one-byte
            // reads would take seconds. These rows emit no buffers, only an error.
            channel.config().setAllocator(new UnpooledByteBufAllocator(false, true));
        }

        List<Object> out = split.feed(channel, row.input());

        assertThat(out).hasSize(1);
        assertThat(out.get(0)).isInstanceOf(ProtocolError.class);
        ProtocolError error = (ProtocolError) out.get(0);
        assertThat(error.message()).isEqualTo(row.expectedError());
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void writesTheErrorReplyByteForByteAsRedisDoes() {
        Row row = MalformedRequestTable.load().stream()
                .filter(r -> r.name().equals("bulk-header-starts-with-high-byte")).findFirst().orElseThrow();
        EmbeddedChannel channel = new EmbeddedChannel(new RespRequestDecoder(MAX_BULK, MAX_ARGS, MAX_INLINE));
        ProtocolError error = (ProtocolError) Feed.whole(channel, row.input()).get(0);
        var out = channel.alloc().buffer();

        error.writeTo(out);

        assertThat(Feed.bytes(out)).isEqualTo(row.expectedReply());
        assertThat(new String(Feed.bytes(out), StandardCharsets.ISO_8859_1)).endsWith("got '\u00ff'\r\n");
        out.release();
    }

    @Test
    void tableCoversEveryErrorRedisGivesForRequests() {
        List<String> errors = MalformedRequestTable.load().stream().map(Row::expectedError).distinct().toList();

        assertThat(errors).contains(
                ProtocolError.INVALID_MULTIBULK_LENGTH.message(),
                ProtocolError.INVALID_BULK_LENGTH.message(),
                ProtocolError.TOO_BIG_MBULK_COUNT_STRING.message(),
                ProtocolError.TOO_BIG_BULK_COUNT_STRING.message(),
                ProtocolError.TOO_BIG_INLINE_REQUEST.message(),
                ProtocolError.UNBALANCED_QUOTES.message(),
                ProtocolError.UNAUTHENTICATED_MULTIBULK_LENGTH.message(),
                ProtocolError.UNAUTHENTICATED_BULK_LENGTH.message(),
                ProtocolError.expectedDollar((byte) 'f').message());
    }
}
