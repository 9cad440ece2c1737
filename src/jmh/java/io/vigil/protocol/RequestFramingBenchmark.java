package io.vigil.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ReferenceCountUtil;
import io.vigil.bench.EventLoopThreads;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@link RespRequestDecoder#decode} alone, on a complete request already in a direct buffer, as it
 * is when one epoll read brought it in. Each request emitted is consumed and released: the cost of
 * framing, without Netty's pipeline (see {@code io.vigil.bench.ChannelFramingBenchmark} for that).
 *
 * <p>{@link #allocator} picks where the input buffer comes from: {@code adaptive} is Netty 4.2's
 * default ({@code ByteBufAllocator.DEFAULT}, what the proxy's channels use), whose slices are new
 * objects; {@code pooled} is {@code PooledByteBufAllocator}, whose slices are recycled.
 *
 * <p>It lives in {@code io.vigil.protocol} only to reach the protected {@code decode}; it uses
 * nothing of the package that its tests do not.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsPrepend = {EventLoopThreads.EXECUTOR, EventLoopThreads.EXECUTOR_CLASS})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class RequestFramingBenchmark {

    /** The proxy's default limits (config.Limits.DEFAULT_*), restated: protocol may not see config. */
    private static final long MAX_BULK_BYTES = 512L * 1024 * 1024;
    private static final int MAX_ARGS = 1024 * 1024;
    private static final int MAX_INLINE_BYTES = 64 * 1024;

    static final int PIPELINE_DEPTH = 16;
    static final int MGET_KEYS = 100;
    static final int BIG_VALUE_BYTES = 16 * 1024;

    @Param({"adaptive", "pooled"})
    public String allocator;

    private final RespRequestDecoder decoder = new RespRequestDecoder(MAX_BULK_BYTES, MAX_ARGS, MAX_INLINE_BYTES);
    private final List<Object> out = new ArrayList<>();

    private ByteBuf set;
    private ByteBuf getPipeline;
    private ByteBuf mget;
    private ByteBuf bigSet;

    @Setup
    public void prepare() {
        ByteBufAllocator alloc = allocator(allocator);
        set = direct(alloc, multibulk("SET", "key:000000000042", "xxx"));
        StringBuilder pipeline = new StringBuilder();
        for (int i = 0; i < PIPELINE_DEPTH; i++) {
            pipeline.append(multibulk("GET", key(i)));
        }
        getPipeline = direct(alloc, pipeline.toString());
        String[] mgetArgs = new String[MGET_KEYS + 1];
        mgetArgs[0] = "MGET";
        for (int i = 1; i <= MGET_KEYS; i++) {
            mgetArgs[i] = key(i);
        }
        mget = direct(alloc, multibulk(mgetArgs));
        bigSet = direct(alloc, multibulk("SET", "key:000000000042", "x".repeat(BIG_VALUE_BYTES)));
    }

    @TearDown
    public void release() {
        set.release();
        getPipeline.release();
        mget.release();
        bigSet.release();
    }

    @Benchmark
    public int setSmall(Blackhole bh) {
        return decodeAll(set, bh);
    }

    /** Per request: the 16 requests of one read are one invocation. */
    @Benchmark
    @OperationsPerInvocation(PIPELINE_DEPTH)
    public int getPipeline16(Blackhole bh) {
        return decodeAll(getPipeline, bh);
    }

    @Benchmark
    public int mget100Keys(Blackhole bh) {
        return decodeAll(mget, bh);
    }

    @Benchmark
    public int set16KiB(Blackhole bh) {
        return decodeAll(bigSet, bh);
    }

    /** Decodes every request in {@code in} from its start, as ByteToMessageDecoder's loop would. */
    private int decodeAll(ByteBuf in, Blackhole bh) {
        in.readerIndex(0);
        int emitted = 0;
        while (in.isReadable()) {
            int before = in.readerIndex();
            decoder.decode(null, in, out);
            if (out.isEmpty() && in.readerIndex() == before) {
                throw new IllegalStateException("decoder made no progress at " + before);
            }
            for (int i = 0; i < out.size(); i++) {
                Object message = out.get(i);
                bh.consume(message);
                ReferenceCountUtil.release(message);
            }
            emitted += out.size();
            out.clear();
        }
        return emitted;
    }

    /** {@code key:<12 digits>}, the shape of redis-benchmark's {@code key:__rand_int__}. */
    static String key(int i) {
        return "key:%012d".formatted(i);
    }

    /** {@code *<n>\r\n} then n × {@code $<len>\r\n<bytes>\r\n}; ASCII arguments only. */
    static String multibulk(String... args) {
        StringBuilder frame = new StringBuilder().append('*').append(args.length).append("\r\n");
        for (String arg : args) {
            frame.append('$').append(arg.length()).append("\r\n").append(arg).append("\r\n");
        }
        return frame.toString();
    }

    /** {@code adaptive} (Netty 4.2's default) or {@code pooled}. */
    static ByteBufAllocator allocator(String name) {
        return switch (name) {
            case "adaptive" -> ByteBufAllocator.DEFAULT;
            case "pooled" -> PooledByteBufAllocator.DEFAULT;
            default -> throw new IllegalArgumentException("allocator: " + name + " (expected: adaptive or pooled)");
        };
    }

    /** A direct buffer holding {@code text}: what an epoll read hands the decoder. */
    static ByteBuf direct(ByteBufAllocator alloc, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        return alloc.directBuffer(bytes.length).writeBytes(bytes);
    }
}
