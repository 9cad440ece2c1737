package io.vigil.bench;

import io.netty.util.concurrent.DefaultThreadFactory;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The executor JMH runs benchmark threads on, making them Netty {@code FastThreadLocalThread}s
 * as the proxy's event loops are. It matters: Netty 4.2's {@code Recycler} pools objects (the
 * {@code PooledSlicedByteBuf} behind every request and reply slice) only on such threads, and on
 * a plain JMH thread it allocates a new one each time, which would add about 70 bytes per message
 * that the proxy never allocates.
 *
 * <p>Every benchmark's {@code @Fork} passes {@link #EXECUTOR} and {@link #EXECUTOR_CLASS}; JMH
 * builds this class reflectively through its {@code (int, String)} constructor.
 */
public final class EventLoopThreads extends ThreadPoolExecutor {

    public static final String EXECUTOR = "-Djmh.executor=CUSTOM";
    public static final String EXECUTOR_CLASS = "-Djmh.executor.class=io.vigil.bench.EventLoopThreads";

    /** JMH's contract for a custom executor: the thread count and a thread name prefix. */
    public EventLoopThreads(int maxThreads, String prefix) {
        super(maxThreads, maxThreads, 0L, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                new DefaultThreadFactory(prefix, true));
    }
}
