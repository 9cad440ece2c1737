package io.vigil.protocol;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.util.ReferenceCountUtil;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzz tests of the request decoder (RESP and inline) and the reply decoder
 * (RESP2 and RESP3). In {@code mvn verify} each replays its corpus in
 * {@code src/test/resources/io/vigil/protocol/DecoderFuzzTestInputs/<method>/}; with
 * {@code JAZZER_FUZZ=1} it fuzzes (docs/fuzzing.md). For every input:
 * <ul>
 *   <li>nothing but a decoded message or the decoder's own error comes out (no other exception);</li>
 *   <li>the input whole and cut into 7-byte reads decode to the same messages (the scan resumes);</li>
 *   <li>every buffer is released once the messages are (counted by an instrumented allocator);</li>
 *   <li>the decoder never holds more than twice the input plus 64 KiB: a declared count or length
 *       never sizes an allocation.</li>
 * </ul>
 */
class DecoderFuzzTest {

    /** Counts every byte allocated and freed: a leak or a pre-sized buffer shows in its totals. */
    private static final UnpooledByteBufAllocator ALLOC = new UnpooledByteBufAllocator(false, true);
    static final int PIECE = 7;
    static final long SLACK_BYTES = 64 * 1024;

    @FuzzTest(maxExecutions = 10_000_000, maxDuration = "20m")
    void requestDecoder(byte[] input) {
        check(input, () -> new RespRequestDecoder(1 << 20, 1 << 16, 64 * 1024), DecoderFuzzTest::describeRequest);
    }

    @FuzzTest(maxExecutions = 10_000_000, maxDuration = "20m")
    void requestDecoderBeforeAuth(byte[] input) {
        check(input, () -> {
            RespRequestDecoder d = new RespRequestDecoder(1 << 20, 1 << 16, 64 * 1024);
            d.setAuthenticated(false);
            return d;
        }, DecoderFuzzTest::describeRequest);
    }

    /**
     * Inline requests (lines not starting with '*'): the multibulk frame the parser writes decodes
     * again, as RESP, to the same arguments.
     */
    @FuzzTest(maxExecutions = 10_000_000, maxDuration = "20m")
    void inlineParser(byte[] input) {
        if (input.length == 0 || input[0] == '*') {
            return;
        }
        List<String> first = check(input, () -> new RespRequestDecoder(1 << 20, 1 << 16, 64 * 1024),
                DecoderFuzzTest::describeRequest);
        List<Object> again = new ArrayList<>();
        for (String message : first) {
            if (message.startsWith("frame ")) {
                byte[] frame = hex(message.substring("frame ".length(), message.indexOf(' ', 6)));
                List<String> redecoded = check(frame, () -> new RespRequestDecoder(1 << 20, 1 << 16, 64 * 1024),
                        DecoderFuzzTest::describeRequest);
                assertThat(redecoded).as("the rewritten frame decodes to itself").containsExactly(message);
                again.add(message);
            }
        }
    }

    @FuzzTest(maxExecutions = 10_000_000, maxDuration = "20m")
    void replyDecoder(byte[] input) {
        check(input, RespReplyDecoder::new, DecoderFuzzTest::describeReply);
    }

    /** Decodes {@code input} whole and in pieces; returns the messages, described. */
    static List<String> check(byte[] input, Supplier<io.netty.channel.ChannelHandler> decoder,
                              java.util.function.Function<Object, String> describe) {
        List<String> whole = decode(input, input.length, decoder, describe);
        List<String> pieces = decode(input, PIECE, decoder, describe);
        assertThat(pieces).as("cut into %d-byte reads", PIECE).isEqualTo(whole);
        assertThat(ALLOC.metric().usedHeapMemory()).as("heap bytes still allocated").isZero();
        assertThat(ALLOC.metric().usedDirectMemory()).as("direct bytes still allocated").isZero();
        return whole;
    }

    private static List<String> decode(byte[] input, int piece, Supplier<io.netty.channel.ChannelHandler> decoder,
                                       java.util.function.Function<Object, String> describe) {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.config().setAllocator(ALLOC);
        channel.pipeline().addLast(decoder.get());
        List<String> out = new ArrayList<>();
        long bound = 2L * input.length + SLACK_BYTES;
        try {
            for (int i = 0; i < input.length && channel.isOpen(); i += Math.max(1, piece)) {
                int n = Math.min(Math.max(1, piece), input.length - i);
                ByteBuf in = ALLOC.heapBuffer(n).writeBytes(input, i, n);
                try {
                    channel.writeInbound(in);
                } catch (DecoderException malformed) {
                    out.add("malformed");
                    break;
                }
                assertThat(ALLOC.metric().usedHeapMemory()).as("bytes held after %d of %d input bytes", i + n,
                        input.length).isLessThanOrEqualTo(bound);
                for (Object msg; (msg = channel.readInbound()) != null; ) {
                    try {
                        out.add(describe.apply(msg));
                    } finally {
                        ReferenceCountUtil.release(msg);
                    }
                }
            }
        } finally {
            channel.finishAndReleaseAll();
        }
        return out;
    }

    static String describeRequest(Object msg) {
        if (msg instanceof ProtocolError error) {
            return "error " + error.message();
        }
        RespRequest req = (RespRequest) msg;
        StringBuilder s = new StringBuilder("frame ").append(hex(req.frame())).append(" args");
        for (int i = 0; i < req.argCount(); i++) {
            s.append(' ').append(hex(req.arg(i)));
        }
        return s.toString();
    }

    static String describeReply(Object msg) {
        return "reply " + hex((ByteBuf) msg);
    }

    private static String hex(ByteBuf buf) {
        return io.netty.buffer.ByteBufUtil.hexDump(buf);
    }

    private static byte[] hex(String text) {
        return io.netty.buffer.ByteBufUtil.decodeHexDump(text);
    }
}
