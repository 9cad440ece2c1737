package io.vigil.bench;

import io.vigil.command.CommandSpec;
import io.vigil.command.CommandTable;
import io.vigil.protocol.RespRequest;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The two command-table calls every request makes: {@link CommandTable#lookup(RespRequest)}
 * (argument 0, and argument 1 for a container such as CONFIG) and
 * {@link CommandSpec#keys(RespRequest, int[])} (where the keys are, from Redis 7's key specs).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsPrepend = {EventLoopThreads.EXECUTOR, EventLoopThreads.EXECUTOR_CLASS})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class CommandBenchmark {

    static final int MGET_KEYS = 100;

    private final CommandTable table = CommandTable.standard();
    /** Reused for every call, as the session reuses its own. */
    private final int[] keys = new int[MGET_KEYS + 1];

    private RespRequest get;
    private RespRequest set;
    private RespRequest mget;
    private RespRequest configGet;
    private RespRequest unknown;
    private CommandSpec getSpec;
    private CommandSpec setSpec;
    private CommandSpec mgetSpec;

    @Setup
    public void prepare() {
        // Lower case, as redis-benchmark sends: lookup folds case byte by byte either way.
        get = BenchRequests.of("get", BenchRequests.key(42));
        set = BenchRequests.of("set", BenchRequests.key(42), "xxx");
        mget = BenchRequests.mget(MGET_KEYS);
        configGet = BenchRequests.of("CONFIG", "GET", "maxmemory");
        unknown = BenchRequests.of("NOSUCHCOMMAND", "x");
        getSpec = table.lookup(get);
        setSpec = table.lookup(set);
        mgetSpec = table.lookup(mget);
        if (getSpec == null || setSpec == null || mgetSpec == null || table.lookup(configGet) == null) {
            throw new IllegalStateException("the standard command table lacks GET, SET, MGET or CONFIG GET");
        }
    }

    @TearDown
    public void release() {
        get.release();
        set.release();
        mget.release();
        configGet.release();
        unknown.release();
    }

    @Benchmark
    public CommandSpec lookupGet() {
        return table.lookup(get);
    }

    @Benchmark
    public CommandSpec lookupSet() {
        return table.lookup(set);
    }

    /** A container and its subcommand: two hash-table probes. */
    @Benchmark
    public CommandSpec lookupConfigGet() {
        return table.lookup(configGet);
    }

    @Benchmark
    public CommandSpec lookupUnknown() {
        return table.lookup(unknown);
    }

    @Benchmark
    public int keysGet() {
        return getSpec.keys(get, keys);
    }

    @Benchmark
    public int keysSet() {
        return setSpec.keys(set, keys);
    }

    @Benchmark
    public int keysMget100() {
        return mgetSpec.keys(mget, keys);
    }
}
