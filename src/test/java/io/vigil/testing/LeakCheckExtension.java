package io.vigil.testing;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when Netty reports a leak by the time the class has finished, its
 * {@code @AfterAll} methods included. Registered for every class through JUnit's extension
 * autodetection ({@code META-INF/services/org.junit.jupiter.api.extension.Extension}).
 *
 * <p>A leak is found only once the leaked object is garbage, so one that is still referenced when
 * its class ends (say, by an event loop not yet shut down) fails a later class. The creation record
 * in the message points at the code that leaked.
 */
public final class LeakCheckExtension implements BeforeAllCallback, AfterAllCallback {

    /** In case a launcher without the session listener runs the tests, such as an IDE's. */
    @Override
    public void beforeAll(ExtensionContext context) {
        LeakRecorder.install();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        List<LeakRecorder.Leak> leaks = LeakRecorder.collectLeaks();
        if (leaks.isEmpty()) {
            return;
        }
        String message = leaks.size() + " Netty leak(s) reported by the end of "
                + context.getDisplayName() + " (the leak may be from an earlier class: see where it was created):\n"
                + leaks.stream().map(LeakRecorder.Leak::toString).collect(Collectors.joining("\n\n"));
        if (!leaks.stream().allMatch(LeakRecorder.Leak::isExpected)) {
            System.err.println(message);
        }
        throw new AssertionError(message);
    }
}
