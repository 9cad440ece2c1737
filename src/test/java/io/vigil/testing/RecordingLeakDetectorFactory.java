package io.vigil.testing;

import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Makes every leak detector Netty asks for a {@link RecordingLeakDetector}, and remembers each so
 * that {@link LeakRecorder#collectLeaks()} can make it report. Netty creates a handful of
 * detectors per JVM (one per resource class, held in static fields), so the list stays short.
 */
final class RecordingLeakDetectorFactory extends ResourceLeakDetectorFactory {

    private final List<Map.Entry<Class<?>, ResourceLeakDetector<?>>> detectors = new CopyOnWriteArrayList<>();

    @Override
    public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval) {
        RecordingLeakDetector<T> detector = new RecordingLeakDetector<>(resource, samplingInterval);
        detectors.add(Map.entry(resource, detector));
        return detector;
    }

    /** Netty 4.2 still declares this one abstract; {@code maxActive} is ignored there too. */
    @Override
    @Deprecated
    public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval,
                                                                long maxActive) {
        return newResourceLeakDetector(resource, samplingInterval);
    }

    boolean hasDetectorFor(Class<?> resource) {
        return detectors.stream().anyMatch(entry -> entry.getKey() == resource);
    }

    List<ResourceLeakDetector<?>> detectors() {
        return detectors.stream().<ResourceLeakDetector<?>>map(Map.Entry::getValue).toList();
    }
}
