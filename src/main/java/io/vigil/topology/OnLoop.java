package io.vigil.topology;

import io.netty.channel.EventLoop;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/** Runs a task on the loop that owns a component's state, waiting for it when called from elsewhere. */
final class OnLoop {

    private OnLoop() {
    }

    /** Runs {@code task} on {@code loop}: at once on the loop, else waits up to {@code timeout}. */
    static void runAndWait(EventLoop loop, Runnable task, Duration timeout) {
        if (loop.inEventLoop()) {
            task.run();
            return;
        }
        try {
            loop.submit(task).await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException shutDown) {
            // the group is gone, and every channel with it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
