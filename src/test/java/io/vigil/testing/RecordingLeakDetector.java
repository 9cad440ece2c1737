package io.vigil.testing;

import io.netty.util.ResourceLeakDetector;

/**
 * A Netty leak detector that still logs each leak as Netty does, and also hands it to
 * {@link LeakRecorder} so that a test can fail on it. A leak whose records carry
 * {@link LeakRecorder#EXPECTED_LEAK_HINT} is recorded but not logged, to keep the tests that leak
 * on purpose from filling the build log with alarming stack traces.
 */
final class RecordingLeakDetector<T> extends ResourceLeakDetector<T> {

    RecordingLeakDetector(Class<?> resourceType, int samplingInterval) {
        super(resourceType, samplingInterval);
    }

    /** Netty skips reporting when its logger has ERROR off; a leak must fail the build regardless. */
    @Override
    protected boolean needReport() {
        return true;
    }

    @Override
    protected void reportTracedLeak(String resourceType, String records) {
        if (!records.contains(LeakRecorder.EXPECTED_LEAK_HINT)) { // see Leak.isExpected()
            super.reportTracedLeak(resourceType, records);
        }
        LeakRecorder.record(new LeakRecorder.Leak(resourceType, records));
    }

    @Override
    protected void reportUntracedLeak(String resourceType) {
        super.reportUntracedLeak(resourceType);
        LeakRecorder.record(new LeakRecorder.Leak(resourceType, ""));
    }
}
