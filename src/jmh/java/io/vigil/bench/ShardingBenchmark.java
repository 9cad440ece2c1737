package io.vigil.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.vigil.config.ConfigException;
import io.vigil.config.ConfigLoader;
import io.vigil.routing.ShardMap;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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

/**
 * {@link ShardMap#shardFor}: hash a key and let the distribution pick its shard, for a pool built
 * from YAML as the proxy builds it. Each call takes the next of 1024 keys of redis-benchmark's
 * shape ({@code key:<12 digits>}, 16 bytes), so neither the JIT nor the branch predictor sees
 * one key over and over.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsPrepend = {EventLoopThreads.EXECUTOR, EventLoopThreads.EXECUTOR_CLASS})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ShardingBenchmark {

    private static final int KEYS = 1024;

    /** {@code hash/distribution}, as in nutcracker.yml. */
    @Param({"fnv1a_64/ketama", "murmur/modula", "md5/ketama"})
    public String scheme;

    @Param({"3", "64"})
    public int servers;

    private ShardMap map;
    private ByteBuf keyBytes;
    private final int[] keyIndex = new int[KEYS];
    private final int[] keyLength = new int[KEYS];
    private int next;

    @Setup
    public void prepare() throws ConfigException {
        String[] parts = scheme.split("/");
        StringBuilder yaml = new StringBuilder("bench:\n  listen: 127.0.0.1:22121\n  redis: true\n")
                .append("  hash: ").append(parts[0]).append('\n')
                .append("  distribution: ").append(parts[1]).append('\n')
                .append("  servers:\n");
        for (int i = 0; i < servers; i++) {
            yaml.append("   - 127.0.0.1:").append(7000 + i).append(":1 s").append(i).append('\n');
        }
        map = ShardMap.of(ConfigLoader.parse(yaml.toString(), Path.of("bench.yml")).pools().get(0));
        keyBytes = ByteBufAllocator.DEFAULT.directBuffer();
        for (int i = 0; i < KEYS; i++) {
            keyIndex[i] = keyBytes.writerIndex();
            keyLength[i] = keyBytes.writeCharSequence(BenchRequests.key(i * 7919), StandardCharsets.US_ASCII);
        }
    }

    @TearDown
    public void release() {
        keyBytes.release();
    }

    @Benchmark
    public int shardFor() {
        int k = next;
        next = (k + 1) & (KEYS - 1);
        return map.shardFor(keyBytes, keyIndex[k], keyLength[k]);
    }
}
