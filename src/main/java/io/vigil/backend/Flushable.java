package io.vigil.backend;

/** A channel owner whose writes wait for the end of the current read batch to be flushed. */
public interface Flushable {

    /** Flush now. Called by {@link LoopFlusher} once per batch at most. */
    void flushNow();
}
