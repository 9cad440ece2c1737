package io.vigil.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import io.netty.util.ResourceLeakTracker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Every leak Netty's detectors have reported in this JVM and nobody has collected yet, and the
 * means to make Netty report the leaks it has not noticed so far.
 *
 * <p>Netty notices a leak only when the garbage collector has queued the leaked object's weak
 * reference <em>and</em> the same detector is then asked to track something new. So
 * {@link #collectLeaks()} runs the collector, gives the reference handler a moment, and then asks
 * every detector to track a throwaway probe, which drains its queue.
 */
public final class LeakRecorder {

    /** One leak as Netty reported it; {@code records} is empty for an untraced (sampled) leak. */
    public record Leak(String resourceType, String records) {
        /** Whether a test leaked this on purpose, marked with {@link #EXPECTED_LEAK_HINT}. */
        public boolean isExpected() {
            return records.contains(EXPECTED_LEAK_HINT);
        }

        @Override
        public String toString() {
            return "LEAK: " + resourceType + ".release() was not called before it was garbage-collected."
                    + (records.isEmpty() ? " (no access records: raise io.netty.leakDetection.level)" : records);
        }
    }

    /**
     * A hint for {@code buf.touch(hint)} in tests that leak on purpose: such a leak is recorded and
     * fails the class all the same, but Netty's log line for it is left out.
     */
    public static final String EXPECTED_LEAK_HINT = "expected leak, not logged";

    static final int DEFAULT_GC_ROUNDS = 4;
    /** Long enough for the reference handler thread to enqueue what one System.gc() cleared. */
    static final long DEFAULT_GC_PAUSE_MILLIS = 25;

    private static final ConcurrentLinkedQueue<Leak> LEAKS = new ConcurrentLinkedQueue<>();
    private static final RecordingLeakDetectorFactory FACTORY = new RecordingLeakDetectorFactory();

    private LeakRecorder() {
    }

    /**
     * Makes every Netty leak detector created from now on a recording one. Idempotent. Throws if
     * Netty's {@code ByteBuf} detector already existed, because its leaks would go unrecorded.
     */
    public static synchronized void install() {
        if (ResourceLeakDetectorFactory.instance() == FACTORY) {
            return;
        }
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(FACTORY);
        Unpooled.buffer(1).release(); // creates AbstractByteBuf's static detector, through FACTORY
        if (!FACTORY.hasDetectorFor(ByteBuf.class)) {
            throw new IllegalStateException("Netty's ByteBuf leak detector was created before "
                    + LeakRecorder.class.getSimpleName() + ".install(): buffer leaks would go unrecorded");
        }
    }

    /** Whether detectors now record, that is whether {@link #install()} has run. */
    public static boolean isInstalled() {
        return ResourceLeakDetectorFactory.instance() == FACTORY;
    }

    /**
     * Runs the garbage collector a few times, makes every detector report what it found, and
     * returns every leak recorded since the last call, forgetting them.
     */
    public static List<Leak> collectLeaks() {
        for (int round = 0; round < DEFAULT_GC_ROUNDS; round++) {
            System.gc();
            pause();
            // New buffers from each allocator also drain the ByteBuf detector, as real traffic would.
            PooledByteBufAllocator.DEFAULT.buffer(8).release();
            UnpooledByteBufAllocator.DEFAULT.directBuffer(8).release();
            FACTORY.detectors().forEach(LeakRecorder::drain);
        }
        List<Leak> leaks = new ArrayList<>();
        for (Leak leak; (leak = LEAKS.poll()) != null; ) {
            leaks.add(leak);
        }
        return leaks;
    }

    static void record(Leak leak) {
        LEAKS.add(leak);
    }

    // trackForcibly() reports the detector's queued leaks before it tracks the probe; closing the
    // probe at once keeps the probe itself from ever being reported.
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void drain(ResourceLeakDetector detector) {
        Object probe = new Object();
        ResourceLeakTracker tracker = detector.trackForcibly(probe);
        tracker.close(probe);
    }

    private static void pause() {
        try {
            Thread.sleep(DEFAULT_GC_PAUSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
