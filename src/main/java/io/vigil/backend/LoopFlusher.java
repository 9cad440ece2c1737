package io.vigil.backend;

import java.util.ArrayList;

/**
 * One per event loop: the channels written to during the current read batch. Writes do not flush;
 * whoever ends a batch (a frontend or backend {@code channelReadComplete}) calls {@link #flush()},
 * so many requests or replies leave in one system call. Confined to its loop: no locks.
 */
public final class LoopFlusher {

    private final ArrayList<Flushable> pending = new ArrayList<>();
    private boolean flushing;

    /** Remember {@code owner} for the next flush. Owners call this once until they are flushed. */
    public void add(Flushable owner) {
        pending.add(owner);
    }

    public void flush() {
        if (flushing) {
            return;
        }
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
