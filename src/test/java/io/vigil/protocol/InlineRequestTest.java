package io.vigil.protocol;

import io.netty.channel.embedded.EmbeddedChannel;
import io.vigil.protocol.Feed.Split;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.vigil.protocol.CEscapes.decode;
import static io.vigil.protocol.RespRequestDecoderTest.assertRequest;
import static io.vigil.protocol.RespRequestDecoderTest.channel;
import static org.assertj.core.api.Assertions.assertThat;

/** Inline requests split as Redis 7.0.15 splits them: each case was checked with ECHO against it. */
class InlineRequestTest {

    static Stream<Arguments> lines() {
        List<Arguments> cases = List.of(
                Arguments.of("blanks-separate", "SET  key\\tvalue\\r\\n", new String[] {"SET", "key", "value"}),
                Arguments.of("bare-lf-ends-a-line", "PING\\n", new String[] {"PING"}),
                Arguments.of("leading-vertical-tab-is-blank", "\\vECHO ab\\r\\n", new String[] {"ECHO", "ab"}),
                Arguments.of("inner-vertical-tab-is-not", "ECHO a\\vb\\r\\n", new String[] {"ECHO", "a\\vb"}),
                Arguments.of("inner-cr-separates", "ECHO a\\rb\\r\\n", new String[] {"ECHO", "a", "b"}),
                Arguments.of("double-quote-escapes", "ECHO \"\\\\x41\\\\x4g\\\\n\\\\q\"\\r\\n",
                        new String[] {"ECHO", "Ax4g\\nq"}),
                Arguments.of("double-quote-control-escapes", "ECHO \"\\\\t\\\\b\\\\a\\\\r\\\\\\\\\\\\\"\"\\r\\n",
                        new String[] {"ECHO", "\\t\\b\\a\\r\\\\\""}),
                Arguments.of("hex-escape-either-case", "ECHO \"\\\\x4A\\\\xzz\"\\r\\n", new String[] {"ECHO", "Jxzz"}),
                Arguments.of("single-quote-escapes-only-quote", "ECHO 'b\\\\'c' 'b\\\\nc'\\r\\n",
                        new String[] {"ECHO", "b'c", "b\\\\nc"}),
                Arguments.of("quote-opens-mid-word", "ECHO a\"b c\"\\r\\n", new String[] {"ECHO", "ab c"}),
                Arguments.of("closing-quote-then-vertical-tab", "ECHO \"abc\"\\v\\r\\n", new String[] {"ECHO", "abc"}),
                Arguments.of("empty-quotes-are-an-empty-argument", "ECHO \"\" ''\\r\\n", new String[] {"ECHO", "", ""}),
                Arguments.of("high-bytes-kept", "ECHO \\xff\\x80\\r\\n", new String[] {"ECHO", "\\xff\\x80"}),
                Arguments.of("crlf-inside-quotes-by-escape", "SET k \"a\\\\r\\\\nb\"\\n",
                        new String[] {"SET", "k", "a\\r\\nb"}));
        List<Arguments> withSplits = new ArrayList<>();
        for (Arguments c : cases) {
            for (Split split : Split.values()) {
                Object[] a = c.get();
                withSplits.add(Arguments.of(a[0], a[1], a[2], split));
            }
        }
        return withSplits.stream();
    }

    @ParameterizedTest(name = "{0} {3}")
    @MethodSource("lines")
    void splitsInlineLinesAsRedisDoes(String name, String line, String[] args, Split split) {
        EmbeddedChannel channel = channel();

        List<Object> out = split.feed(channel, decode(line));

        assertThat(out).hasSize(1);
        assertRequest(out.get(0), args);
        assertThat(channel.finish()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void rewritesAnInlineLineAsAMultibulkFrame(Split split) {
        EmbeddedChannel channel = channel();

        RespRequest request = (RespRequest) split.feed(channel, decode("SET  key\\t'a b'\\r\\n")).get(0);

        assertThat(CEscapes.encode(Feed.bytes(request.frame())))
                .isEqualTo("*3\\r\\n$3\\r\\nSET\\r\\n$3\\r\\nkey\\r\\n$3\\r\\na b\\r\\n");
        assertThat(request.argIndex(2) - request.frame().readerIndex()).isEqualTo(26);
        assertRequest(request, "SET", "key", "a b");
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void producesNothingForBlankLines(Split split) {
        EmbeddedChannel channel = channel();

        List<Object> out = split.feed(channel, decode("\\r\\n\\n  \\t \\n\\v\\f\\r\\nPING\\r\\n"));

        assertThat(out).hasSize(1);
        assertRequest(out.get(0), "PING");
    }

    @Test
    void acceptsALineAsLongAsTheLimitAndRejectsOneByteMore() {
        int limit = 16;
        EmbeddedChannel accepted = new EmbeddedChannel(new RespRequestDecoder(1024, 1024, limit));
        EmbeddedChannel rejected = new EmbeddedChannel(new RespRequestDecoder(1024, 1024, limit));

        List<Object> ok = Feed.byteByByte(accepted, decode("\\{16*A}\\n"));
        List<Object> tooBig = Feed.byteByByte(rejected, decode("\\{17*A}\\n"));

        assertRequest(ok.get(0), "\\{16*A}");
        assertThat(tooBig).containsExactly(ProtocolError.TOO_BIG_INLINE_REQUEST);
    }

    @Test
    void waitsWithoutErrorForALineThatHasNotEnded() {
        EmbeddedChannel channel = channel();

        assertThat(Feed.whole(channel, decode("PING\\r"))).isEmpty();
        List<Object> out = Feed.whole(channel, decode("\\n"));

        assertRequest(out.get(0), "PING");
    }
}
