package io.vigil.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.vigil.bench.EventLoopThreads;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@link RespReplyDecoder#decode} alone, on one complete reply in a direct buffer from
 * {@link #allocator}; the emitted slice is consumed and released. Companion of
 * {@link RequestFramingBenchmark}, which says what the allocators are.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsPrepend = {EventLoopThreads.EXECUTOR, EventLoopThreads.EXECUTOR_CLASS})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ReplyFramingBenchmark {

    static final int ARRAY_ELEMENTS = 100;
    static final int BIG_VALUE_BYTES = 16 * 1024;

    @Param({"adaptive", "pooled"})
    public String allocator;

    private final RespReplyDecoder decoder = new RespReplyDecoder();
    private final List<Object> out = new ArrayList<>();

    private ByteBuf ok;
    private ByteBuf bulk3;
    private ByteBuf array100;
    private ByteBuf bulk16KiB;

    @Setup
    public void prepare() {
        ByteBufAllocator alloc = RequestFramingBenchmark.allocator(allocator);
        ok = RequestFramingBenchmark.direct(alloc, "+OK\r\n");
        bulk3 = RequestFramingBenchmark.direct(alloc, bulk("xxx"));
        // An MGET reply: 100 values of 16 bytes.
        StringBuilder array = new StringBuilder("*" + ARRAY_ELEMENTS + "\r\n");
        for (int i = 0; i < ARRAY_ELEMENTS; i++) {
            array.append(bulk(RequestFramingBenchmark.key(i)));
        }
        array100 = RequestFramingBenchmark.direct(alloc, array.toString());
        bulk16KiB = RequestFramingBenchmark.direct(alloc, bulk("x".repeat(BIG_VALUE_BYTES)));
    }

    @TearDown
    public void release() {
        ok.release();
        bulk3.release();
        array100.release();
        bulk16KiB.release();
    }

    @Benchmark
    public int simpleStringOk(Blackhole bh) {
        return decodeOne(ok, bh);
    }

    @Benchmark
    public int bulk3Bytes(Blackhole bh) {
        return decodeOne(bulk3, bh);
    }

    @Benchmark
    public int array100Bulks(Blackhole bh) {
        return decodeOne(array100, bh);
    }

    @Benchmark
    public int bulk16KiB(Blackhole bh) {
        return decodeOne(bulk16KiB, bh);
    }

    private int decodeOne(ByteBuf in, Blackhole bh) {
        in.readerIndex(0);
        decoder.decode(null, in, out);
        if (out.size() != 1 || in.isReadable()) {
            throw new IllegalStateException("expected one whole reply, got " + out.size() + " messages");
        }
        ByteBuf reply = (ByteBuf) out.get(0);
        out.clear();
        bh.consume(reply);
        int length = reply.readableBytes();
        reply.release();
        return length;
    }

    /** {@code $<len>\r\n<bytes>\r\n} */
    private static String bulk(String value) {
        return "$" + value.length() + "\r\n" + value + "\r\n";
    }
}
