package io.vigil.backend;

import io.netty.channel.EventLoop;

import java.util.ArrayList;

/**
 * One per event loop: the channels written to since the last flush. Writes do not flush; the
 * first write of a loop iteration schedules one flush task, which Netty runs after every I/O event
 * of that iteration. So the requests of all the clients that were readable together leave for
 * Redis in one write per backend connection, and Redis reads them in one go. Confined to its loop.
 */
public final class LoopFlusher {

    private final EventLoop loop;
    private final Runnable flushTask = this::flush;
    private final ArrayList<Flushable> pending = new ArrayList<>();
    private boolean scheduled;
    private boolean flushing;

    public LoopFlusher(EventLoop loop) {
        this.loop = loop;
    }

    /** Remember {@code owner} for the next flush. Owners call this once until they are flushed. */
    public void add(Flushable owner) {
        pending.add(owner);
        if (!scheduled && !flushing) {
            scheduled = true;
            loop.execute(flushTask);
        }
    }

    /** Flushes everything written so far. Also runs as the scheduled task. */
    public void flush() {
        if (flushing) {
            return;
        }
        scheduled = false;
        flushing = true;
        try {
            // flushing a frontend may dispatch held requests, which adds backends: loop by index
            for (int i = 0; i < pending.size(); i++) {
                pending.get(i).flushNow();
            }
            pending.clear();
        } finally {
            flushing = false;
        }
    }
}
