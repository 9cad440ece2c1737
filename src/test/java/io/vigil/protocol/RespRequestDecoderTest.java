package io.vigil.protocol;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.vigil.protocol.Feed.Split;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.vigil.protocol.CEscapes.decode;
import static org.assertj.core.api.Assertions.assertThat;

class RespRequestDecoderTest {

    static final long MAX_BULK = 512L * 1024 * 1024;
    static final int MAX_ARGS = 1024 * 1024;
    static final int MAX_INLINE = 64 * 1024;

    static EmbeddedChannel channel() {
        return new EmbeddedChannel(new RespRequestDecoder(MAX_BULK, MAX_ARGS, MAX_INLINE));
    }

    /** Asserts that {@code message} is a request with these arguments (C-escaped), then releases it. */
    static void assertRequest(Object message, String... args) {
        assertThat(message).isInstanceOf(RespRequest.class);
        RespRequest request = (RespRequest) message;
        try {
            assertThat(request.argCount()).isEqualTo(args.length);
            for (int i = 0; i < args.length; i++) {
                assertThat(CEscapes.encode(request.argBytes(i))).as("argument %d", i)
                        .isEqualTo(CEscapes.encode(decode(args[i])));
                assertThat(request.argLength(i)).isEqualTo(decode(args[i]).length);
            }
        } finally {
            assertThat(request.release()).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void framesMultibulkRequestAsTheExactInputBytes(Split split) {
        EmbeddedChannel channel = channel();
        byte[] input = decode("*3\\r\\n$3\\r\\nSET\\r\\n$3\\r\\nkey\\r\\n$5\\r\\nvalue\\r\\n");

        List<Object> out = split.feed(channel, input);

        assertThat(out).hasSize(1);
        RespRequest request = (RespRequest) out.get(0);
        assertThat(Feed.bytes(request.frame())).isEqualTo(input);
        assertThat(request.argIs(0, "set")).isTrue();
        assertThat(request.argString(1)).isEqualTo("key");
        assertThat(request.arg(2).toString(java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("value");
        assertRequest(request, "SET", "key", "value");
        assertThat(channel.finish()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void decodesPipelinedRequestsInOrder(Split split) {
        EmbeddedChannel channel = channel();
        byte[] input = decode("*1\\r\\n$4\\r\\nPING\\r\\n*2\\r\\n$3\\r\\nGET\\r\\n$1\\r\\na\\r\\n"
                + "ECHO \"x y\"\\r\\n*2\\r\\n$4\\r\\nECHO\\r\\n$0\\r\\n\\r\\n");

        List<Object> out = split.feed(channel, input);

        assertThat(out).hasSize(4);
        assertRequest(out.get(0), "PING");
        assertRequest(out.get(1), "GET", "a");
        assertRequest(out.get(2), "ECHO", "x y");
        assertRequest(out.get(3), "ECHO", "");
        assertThat(channel.finish()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void keepsEveryByteValueInArguments(Split split) {
        EmbeddedChannel channel = channel();
        StringBuilder all = new StringBuilder();
        for (int b = 0; b < 256; b++) {
            all.append(String.format("\\x%02x", b));
        }
        byte[] input = decode("*3\\r\\n$4\\r\\nECHO\\r\\n$256\\r\\n" + all + "\\r\\n$5\\r\\n\\r\\n\\0*$\\r\\n");

        List<Object> out = split.feed(channel, input);

        assertThat(out).hasSize(1);
        assertRequest(out.get(0), "ECHO", all.toString(), "\\r\\n\\0*$");
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void readsBulkLengthsOfEveryWidth(Split split) {
        EmbeddedChannel channel = channel();
        String big = "v".repeat(12345);
        byte[] input = decode("*4\\r\\n$0\\r\\n\\r\\n$9\\r\\n123456789\\r\\n$10\\r\\n0123456789\\r\\n$12345\\r\\n"
                + big + "\\r\\n");

        List<Object> out = split.feed(channel, input);

        assertThat(out).hasSize(1);
        assertRequest(out.get(0), "", "123456789", "0123456789", big);
        assertThat(channel.finish()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void producesNothingForEmptyOrNegativeMultibulkCounts(Split split) {
        EmbeddedChannel channel = channel();

        List<Object> out = split.feed(channel, decode("*0\\r\\n*-1\\r\\n*-10\\r\\n*1\\r\\n$4\\r\\nPING\\r\\n"));

        assertThat(out).hasSize(1);
        assertRequest(out.get(0), "PING");
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void skipsTheTwoBytesAfterCrAndAfterPayloadUncheckedAsRedisDoes(Split split) {
        EmbeddedChannel channel = channel();
        // Redis answers +PONG twice to exactly these bytes.
        byte[] input = decode("*1\\rX$4\\rXPINGXY*1\\r\\n$4\\r\\nPING\\r\\n");

        List<Object> out = split.feed(channel, input);

        assertThat(out).hasSize(2);
        assertRequest(out.get(0), "PING");
        assertRequest(out.get(1), "PING");
    }

    @Test
    void waitsForTheByteAfterAHeaderCrBeforeJudgingTheHeader() {
        EmbeddedChannel channel = channel();

        assertThat(Feed.whole(channel, decode("*1\\r\\nx\\r"))).isEmpty();
        List<Object> out = Feed.whole(channel, decode("\\n"));

        assertThat(out).containsExactly(ProtocolError.expectedDollar((byte) 'x'));
    }

    @Test
    void waitsForeverOnANulInAHeaderLineUntilTheLineLimitAsRedisDoes() {
        EmbeddedChannel channel = channel();

        assertThat(Feed.whole(channel, decode("*1\\0\\r\\n$4\\r\\nPING\\r\\n"))).isEmpty();
        assertThat(Feed.whole(channel, new byte[MAX_INLINE - 100])).isEmpty();
        List<Object> out = Feed.whole(channel, new byte[200]);

        assertThat(out).containsExactly(ProtocolError.TOO_BIG_MBULK_COUNT_STRING);
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void emitsOneErrorAfterTheValidRequestsThenDropsAllInput(Split split) {
        EmbeddedChannel channel = channel();

        List<Object> out = split.feed(channel, decode("*1\\r\\n$4\\r\\nPING\\r\\n*abc\\r\\n*1\\r\\n$4\\r\\nPING\\r\\n"));
        List<Object> later = Feed.whole(channel, decode("*1\\r\\n$4\\r\\nPING\\r\\n"));

        assertThat(out).hasSize(2);
        assertRequest(out.get(0), "PING");
        assertThat(out.get(1)).isEqualTo(ProtocolError.INVALID_MULTIBULK_LENGTH);
        assertThat(later).isEmpty();
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void rejectsMoreArgumentsThanTheLimit() {
        EmbeddedChannel accepted = new EmbeddedChannel(new RespRequestDecoder(MAX_BULK, 2, MAX_INLINE));
        EmbeddedChannel rejected = new EmbeddedChannel(new RespRequestDecoder(MAX_BULK, 2, MAX_INLINE));
        EmbeddedChannel inline = new EmbeddedChannel(new RespRequestDecoder(MAX_BULK, 2, MAX_INLINE));

        List<Object> ok = Feed.whole(accepted, decode("*2\\r\\n$3\\r\\nGET\\r\\n$1\\r\\na\\r\\n"));

        assertRequest(ok.get(0), "GET", "a");
        assertThat(Feed.whole(rejected, decode("*3\\r\\n"))).containsExactly(ProtocolError.INVALID_MULTIBULK_LENGTH);
        assertThat(Feed.whole(inline, decode("MGET a b\\r\\n"))).containsExactly(ProtocolError.INVALID_MULTIBULK_LENGTH);
    }

    @Test
    void rejectsABulkLongerThanTheLimit() {
        EmbeddedChannel accepted = new EmbeddedChannel(new RespRequestDecoder(5, MAX_ARGS, MAX_INLINE));
        EmbeddedChannel rejected = new EmbeddedChannel(new RespRequestDecoder(5, MAX_ARGS, MAX_INLINE));

        List<Object> ok = Feed.whole(accepted, decode("*1\\r\\n$5\\r\\nHELLO\\r\\n"));

        assertRequest(ok.get(0), "HELLO");
        assertThat(Feed.whole(rejected, decode("*1\\r\\n$6\\r\\n"))).containsExactly(ProtocolError.INVALID_BULK_LENGTH);
    }

    @Test
    void appliesUnauthenticatedLimitsOnlyWhileUnauthenticated() {
        RespRequestDecoder decoder = new RespRequestDecoder(MAX_BULK, MAX_ARGS, MAX_INLINE);
        decoder.setAuthenticated(false);
        EmbeddedChannel channel = new EmbeddedChannel(decoder);
        String tenArgs = "*10\\r\\n" + "$1\\r\\nx\\r\\n".repeat(10);
        String bigBulk = "*1\\r\\n$16384\\r\\n\\{16384*x}\\r\\n";

        List<Object> out = Feed.whole(channel, decode(tenArgs + bigBulk));

        assertThat(out).hasSize(2);
        Feed.releaseAll(out);
        assertThat(Feed.whole(channel(unauthenticated()), decode("*11\\r\\n")))
                .containsExactly(ProtocolError.UNAUTHENTICATED_MULTIBULK_LENGTH);
        assertThat(Feed.whole(channel(unauthenticated()), decode("*1\\r\\n$16385\\r\\n")))
                .containsExactly(ProtocolError.UNAUTHENTICATED_BULK_LENGTH);
        assertThat(decoder.isAuthenticated()).isFalse();
    }

    @Test
    void authenticatingWhileHandlingARequestLiftsTheLimitsForTheNextOneInTheSameRead() {
        RespRequestDecoder decoder = unauthenticated();
        EmbeddedChannel channel = new EmbeddedChannel(decoder, new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof RespRequest request && request.argIs(0, "auth")) {
                    decoder.setAuthenticated(true);
                }
                ctx.fireChannelRead(msg);
            }
        });
        String auth = "*2\\r\\n$4\\r\\nAUTH\\r\\n$6\\r\\nsecret\\r\\n";
        String elevenArgs = "*11\\r\\n" + "$1\\r\\nx\\r\\n".repeat(11);

        List<Object> out = Feed.whole(channel, decode(auth + elevenArgs));

        assertThat(out).hasSize(2);
        assertRequest(out.get(0), "AUTH", "secret");
        assertThat(((RespRequest) out.get(1)).argCount()).isEqualTo(11);
        Feed.releaseAll(out.subList(1, 2));
    }

    @Test
    void growsArgumentArraysPastTheirInitialSize() {
        EmbeddedChannel channel = channel();
        int count = 5000;
        StringBuilder input = new StringBuilder("*" + count + "\\r\\n");
        for (int i = 0; i < count; i++) {
            String arg = Integer.toString(i);
            input.append('$').append(arg.length()).append("\\r\\n").append(arg).append("\\r\\n");
        }

        List<Object> out = Feed.whole(channel, decode(input.toString()));

        RespRequest request = (RespRequest) out.get(0);
        assertThat(request.argCount()).isEqualTo(count);
        for (int i = 0; i < count; i += 499) {
            assertThat(request.argLong(i)).isEqualTo(i);
        }
        assertThat(request.argLong(count - 1)).isEqualTo(count - 1);
        Feed.releaseAll(out);
    }

    @Test
    void releasingTheRequestReleasesItsFrame() {
        EmbeddedChannel channel = channel();

        RespRequest request = (RespRequest) Feed.whole(channel, decode("*1\\r\\n$4\\r\\nPING\\r\\n")).get(0);

        assertThat(request.frame().refCnt()).isEqualTo(1);
        assertThat(request.release()).isTrue();
        assertThat(request.frame().refCnt()).isZero();
        assertThat(channel.finish()).isFalse();
    }

    private static RespRequestDecoder unauthenticated() {
        RespRequestDecoder decoder = new RespRequestDecoder(MAX_BULK, MAX_ARGS, MAX_INLINE);
        decoder.setAuthenticated(false);
        return decoder;
    }

    private static EmbeddedChannel channel(RespRequestDecoder decoder) {
        return new EmbeddedChannel(decoder);
    }
}
