package io.vigil.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import io.vigil.config.Limits;
import io.vigil.protocol.RespReplyDecoder;
import io.vigil.protocol.RespRequestDecoder;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The decoders as the proxy runs them: inside a channel pipeline, behind ByteToMessageDecoder's
 * cumulation and output list, with each message fired down the pipeline. One invocation is one
 * read of 16 pipelined messages; figures are per message. The difference from the
 * {@code io.vigil.protocol} framing benchmarks is what Netty's codec machinery adds (an
 * EmbeddedChannel adds a little of its own: an inbound queue and a task run per write).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsPrepend = {EventLoopThreads.EXECUTOR, EventLoopThreads.EXECUTOR_CLASS})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ChannelFramingBenchmark {

    static final int PIPELINE_DEPTH = 16;

    private EmbeddedChannel requests;
    private EmbeddedChannel replies;
    private ByteBuf getPipeline;
    private ByteBuf bulkPipeline;

    @Setup
    public void prepare() {
        requests = new EmbeddedChannel(new RespRequestDecoder(
                Limits.DEFAULT_MAX_BULK_BYTES, Limits.DEFAULT_MAX_ARGS, Limits.DEFAULT_MAX_INLINE_BYTES));
        replies = new EmbeddedChannel(new RespReplyDecoder());
        StringBuilder gets = new StringBuilder();
        StringBuilder bulks = new StringBuilder();
        for (int i = 0; i < PIPELINE_DEPTH; i++) {
            String key = BenchRequests.key(i);
            gets.append("*2\r\n$3\r\nGET\r\n$").append(key.length()).append("\r\n").append(key).append("\r\n");
            bulks.append("$3\r\nxxx\r\n");
        }
        getPipeline = direct(gets.toString());
        bulkPipeline = direct(bulks.toString());
    }

    @TearDown
    public void release() {
        getPipeline.release();
        bulkPipeline.release();
        requests.finishAndReleaseAll();
        replies.finishAndReleaseAll();
    }

    @Benchmark
    @OperationsPerInvocation(PIPELINE_DEPTH)
    public int getPipeline16(Blackhole bh) {
        return readAll(requests, getPipeline, bh);
    }

    @Benchmark
    @OperationsPerInvocation(PIPELINE_DEPTH)
    public int bulk3Pipeline16(Blackhole bh) {
        return readAll(replies, bulkPipeline, bh);
    }

    /**
     * Writes a duplicate of {@code read} (the decoder releases it, the original stays) and drains
     * and releases every message it produced.
     */
    private static int readAll(EmbeddedChannel channel, ByteBuf read, Blackhole bh) {
        channel.writeInbound(read.retainedDuplicate());
        int n = 0;
        for (Object message = channel.readInbound(); message != null; message = channel.readInbound()) {
            bh.consume(message);
            ReferenceCountUtil.release(message);
            n++;
        }
        if (n != PIPELINE_DEPTH) {
            throw new IllegalStateException("messages: " + n + " (expected: " + PIPELINE_DEPTH + ")");
        }
        return n;
    }

    private static ByteBuf direct(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        return ByteBufAllocator.DEFAULT.directBuffer(bytes.length).writeBytes(bytes);
    }
}
