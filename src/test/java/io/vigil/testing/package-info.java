/**
 * Test support shared by every test: it makes a Netty buffer leak fail the build instead of only
 * logging a line that nobody reads.
 *
 * <p>Layout: {@link io.vigil.testing.LeakDetectionSessionListener} runs when the JUnit launcher
 * session opens, before any test class loads Netty, and installs
 * {@link io.vigil.testing.RecordingLeakDetectorFactory}, whose {@code RecordingLeakDetector}s hand
 * every leak Netty reports to {@link io.vigil.testing.LeakRecorder}.
 * {@link io.vigil.testing.LeakCheckExtension}, registered for every test class through JUnit's
 * extension autodetection, forces garbage collection after each class and fails the class if a
 * leak was recorded. Both registrations live in {@code src/test/resources/META-INF/services/}, and
 * autodetection is switched on in {@code src/test/resources/junit-platform.properties}.
 *
 * <p>This package depends on Netty and JUnit only. No main code may depend on it.
 */
package io.vigil.testing;
