package io.vigil.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Proves that a leak fails the build: each test leaks on purpose, checks that the leak was seen,
 * and leaves nothing recorded so that this class itself stays green.
 */
class LeakCheckTest {

    /** Makes each leak's records unique: Netty reports identical records only once per JVM. */
    private static final AtomicInteger LEAK_IDS = new AtomicInteger();

    @AfterEach
    void forgetLeftoverLeaks() {
        LeakRecorder.collectLeaks();
    }

    @Test
    void recordingDetectorsAreInstalledBeforeAnyTestRuns() {
        assertThat(LeakRecorder.isInstalled()).isTrue();
    }

    @Test
    void recordsAnUnreleasedBufferOnceItIsGarbageCollected() {
        String hint = leakOneBuffer();

        List<LeakRecorder.Leak> leaks = LeakRecorder.collectLeaks();

        assertThat(leaks).anySatisfy(leak -> {
            assertThat(leak.resourceType()).isEqualTo("ByteBuf");
            assertThat(leak.records()).contains(hint).contains("leakOneBuffer");
        });
    }

    @Test
    void recordsNothingWhenEveryBufferIsReleased() {
        for (int i = 0; i < 16; i++) {
            ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(64).writeLong(i);
            buf.touch("released " + i).release();
        }

        assertThat(LeakRecorder.collectLeaks()).isEmpty();
    }

    @Test
    void failsTheTestClassThatLeaked() {
        LeakyTests.armed = true;
        TestExecutionSummary summary;
        try {
            summary = run(LeakyTests.class);
        } finally {
            LeakyTests.armed = false;
        }

        assertThat(summary.getTestsSucceededCount()).isEqualTo(1);
        assertThat(summary.getFailures()).singleElement().satisfies(failure -> {
            assertThat(failure.getTestIdentifier().isContainer()).isTrue();
            assertThat(failure.getException()).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("LEAK: ByteBuf.release() was not called")
                    .hasMessageContaining(LeakyTests.hint);
        });
        assertThat(LeakRecorder.collectLeaks()).as("the failing check consumed the leak").isEmpty();
    }

    private static TestExecutionSummary run(Class<?> testClass) {
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(testClass)).build(),
                listener);
        return listener.getSummary();
    }

    /** Allocates a traced buffer, marks it with a unique hint and drops it unreleased. */
    static String leakOneBuffer() {
        String hint = LeakRecorder.EXPECTED_LEAK_HINT + " #" + LEAK_IDS.incrementAndGet();
        Unpooled.directBuffer(16).writeInt(42).touch(hint);
        return hint;
    }

    /**
     * A class with a test that passes but leaks. Surefire skips nested classes, and the condition
     * keeps an IDE from running it on its own: only {@link #failsTheTestClassThatLeaked} does.
     */
    @EnabledIf("isArmed")
    static class LeakyTests {

        static volatile boolean armed;
        static volatile String hint = "";

        static boolean isArmed() {
            return armed;
        }

        @Test
        void passesButLeaks() {
            hint = leakOneBuffer();
        }
    }
}
