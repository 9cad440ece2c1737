package io.vigil.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.vigil.protocol.Feed.Split;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static io.vigil.protocol.CEscapes.decode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RespReplyDecoderTest {

    /** Replies of every type; those marked "redis" are bytes captured from Redis 7.0.15 (RESP3). */
    static final List<String[]> REPLIES = List.of(
            new String[] {"simple-string", "+OK\\r\\n"},
            new String[] {"empty-simple-string", "+\\r\\n"},
            new String[] {"error", "-ERR unknown command 'x', with args beginning with: \\r\\n"},
            new String[] {"integer", ":12345\\r\\n"},
            new String[] {"negative-integer", ":-9223372036854775808\\r\\n"},
            new String[] {"bulk", "$11\\r\\nHello World\\r\\n"},
            new String[] {"empty-bulk", "$0\\r\\n\\r\\n"},
            new String[] {"bulk-holding-crlf", "$4\\r\\n\\r\\n\\r\\n\\r\\n"},
            new String[] {"null-bulk", "$-1\\r\\n"},
            new String[] {"array", "*3\\r\\n:0\\r\\n:1\\r\\n:2\\r\\n"},
            new String[] {"empty-array", "*0\\r\\n"},
            new String[] {"null-array", "*-1\\r\\n"},
            new String[] {"nested-array", "*3\\r\\n*1\\r\\n$1\\r\\na\\r\\n*-1\\r\\n*2\\r\\n*0\\r\\n$-1\\r\\n"},
            new String[] {"redis-null", "_\\r\\n"},
            new String[] {"redis-true", "#t\\r\\n"},
            new String[] {"redis-false", "#f\\r\\n"},
            new String[] {"redis-double", ",3.141\\r\\n"},
            new String[] {"double-inf", ",-inf\\r\\n"},
            new String[] {"redis-bignum", "(1234567999999999999999999999999999999\\r\\n"},
            new String[] {"blob-error", "!21\\r\\nSYNTAX invalid syntax\\r\\n"},
            new String[] {"redis-verbatim", "=29\\r\\ntxt:This is a verbatim\\nstring\\r\\n"},
            new String[] {"redis-map", "%3\\r\\n:0\\r\\n#f\\r\\n:1\\r\\n#t\\r\\n:2\\r\\n#f\\r\\n"},
            new String[] {"redis-set", "~3\\r\\n:0\\r\\n:1\\r\\n:2\\r\\n"},
            new String[] {"redis-push", ">2\\r\\n$16\\r\\nserver-cpu-usage\\r\\n:42\\r\\n"},
            new String[] {"redis-subscribe-push", ">3\\r\\n$9\\r\\nsubscribe\\r\\n$2\\r\\nch\\r\\n:1\\r\\n"},
            new String[] {"redis-attribute-with-its-reply",
                    "|1\\r\\n$14\\r\\nkey-popularity\\r\\n*2\\r\\n$7\\r\\nkey:123\\r\\n"
                    + ":90\\r\\n$39\\r\\nSome real reply following the attribute\\r\\n"},
            new String[] {"attribute-inside-array", "*2\\r\\n|1\\r\\n+a\\r\\n%1\\r\\n+b\\r\\n_\\r\\n:1\\r\\n:2\\r\\n"},
            new String[] {"two-attributes-before-a-reply", "|1\\r\\n+a\\r\\n:1\\r\\n|0\\r\\n+OK\\r\\n"},
            new String[] {"redis-hello-3",
                    "%7\\r\\n$6\\r\\nserver\\r\\n$5\\r\\nredis\\r\\n$7\\r\\nversion\\r\\n$6\\r\\n7.0.15\\r\\n"
                    + "$5\\r\\nproto\\r\\n:3\\r\\n$2\\r\\nid\\r\\n:3\\r\\n$4\\r\\nmode\\r\\n$10\\r\\nstandalone\\r\\n"
                    + "$4\\r\\nrole\\r\\n$6\\r\\nmaster\\r\\n$7\\r\\nmodules\\r\\n*0\\r\\n"},
            new String[] {"mixed-nesting",
                    "*2\\r\\n%1\\r\\n~1\\r\\n#t\\r\\n>1\\r\\n,1.5\\r\\n*1\\r\\n=5\\r\\ntxt:x\\r\\n"});

    static Stream<Arguments> replies() {
        return REPLIES.stream().flatMap(r -> Stream.of(Split.values()).map(s -> Arguments.of(r[0], r[1], s)));
    }

    static EmbeddedChannel channel() {
        return new EmbeddedChannel(new RespReplyDecoder());
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("replies")
    void emitsEachReplyAsOneSliceOfItsExactBytes(String name, String reply, Split split) {
        EmbeddedChannel channel = channel();
        // The same reply twice, then a sentinel: each must come out whole and alone.
        byte[] input = decode(reply + reply + "+OK\\r\\n");

        List<Object> out = split.feed(channel, input);

        assertThat(out).hasSize(3);
        assertSlice(out.get(0), reply);
        assertSlice(out.get(1), reply);
        assertSlice(out.get(2), "+OK\\r\\n");
        assertThat(channel.finish()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void scansDeeplyNestedRepliesWithoutRecursion(Split split) {
        EmbeddedChannel channel = channel();
        int depth = 2000;
        String reply = "*1\\r\\n".repeat(depth) + "%1\\r\\n:1\\r\\n" + "~1\\r\\n".repeat(depth) + ":2\\r\\n";

        List<Object> out = split.feed(channel, decode(reply));

        assertThat(out).hasSize(1);
        assertSlice(out.get(0), reply);
    }

    @Test
    void waitsForTheWholeReplyBeforeEmittingAnything() {
        EmbeddedChannel channel = channel();

        assertThat(Feed.whole(channel, decode("*2\\r\\n$3\\r\\nfoo\\r\\n$3\\r\\nba"))).isEmpty();
        assertThat(Feed.whole(channel, decode("r\\r"))).isEmpty();
        List<Object> out = Feed.whole(channel, decode("\\n"));

        assertSlice(out.get(0), "*2\\r\\n$3\\r\\nfoo\\r\\n$3\\r\\nbar\\r\\n");
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("unknown-type", "?\\r\\n"),
                Arguments.of("inline-text", "OK\\r\\n"),
                Arguments.of("bulk-length-not-a-number", "$abc\\r\\n"),
                Arguments.of("bulk-length-below-null", "$-2\\r\\n"),
                Arguments.of("blob-error-null", "!-1\\r\\n"),
                Arguments.of("streamed-string", "$?\\r\\n;4\\r\\nabcd\\r\\n;0\\r\\n"),
                Arguments.of("bulk-without-crlf-after-payload", "$3\\r\\nabcXY"),
                Arguments.of("integer-not-a-number", ":12a\\r\\n"),
                Arguments.of("boolean-neither-t-nor-f", "#x\\r\\n"),
                Arguments.of("null-with-text", "_x\\r\\n"),
                Arguments.of("lf-without-cr", "+OK\\n"),
                Arguments.of("negative-map", "%-1\\r\\n"),
                Arguments.of("array-below-null", "*-2\\r\\n"),
                Arguments.of("aggregate-above-int-max", "*2147483648\\r\\n"),
                Arguments.of("bad-element-inside-array", "*2\\r\\n:1\\r\\n&\\r\\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void throwsOnMalformedReplyThenDropsAllInput(String name, String reply) {
        EmbeddedChannel channel = channel();

        assertThatThrownBy(() -> Feed.whole(channel, decode(reply))).isInstanceOf(DecoderException.class)
                .hasMessageStartingWith("malformed RESP reply: ");
        List<Object> after = Feed.whole(channel, decode("+OK\\r\\n"));

        assertThat(after).isEmpty();
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void throwsAtTheFirstBadByteWhenRepliesArriveByteByByte() {
        EmbeddedChannel channel = channel();

        List<Object> before = Feed.byteByByte(channel, decode("+OK\\r\\n"));
        assertThatThrownBy(() -> Feed.byteByByte(channel, decode("&")))
                .isInstanceOf(DecoderException.class).hasMessageContaining("type byte: 0x26");

        assertSlice(before.get(0), "+OK\\r\\n");
    }

    /** Asserts that {@code message} is a slice holding exactly {@code escaped}, then releases it. */
    static void assertSlice(Object message, String escaped) {
        assertThat(message).isInstanceOf(ByteBuf.class);
        ByteBuf slice = (ByteBuf) message;
        try {
            assertThat(CEscapes.encode(Feed.bytes(slice))).isEqualTo(CEscapes.encode(decode(escaped)));
        } finally {
            // A slice may share its parent's count (Netty 4.2's adaptive allocator): release()
            // returns true only for the last one out. The leak check catches any left behind.
            slice.release();
        }
    }
}
