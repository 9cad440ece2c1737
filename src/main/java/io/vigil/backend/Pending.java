package io.vigil.backend;

/** One request written to a backend connection, waiting for its reply. */
final class Pending {

    final ReplySink sink;
    /** System.nanoTime() when the request was handed to the channel; the timeout counts from here. */
    long writtenAt;
    /** False for blocking commands, which wait as long as the client asked. */
    final boolean timed;
    /** The node's trust epoch when the request was handed over; a reply under another one is not passed on. */
    final int trust;

    Pending(ReplySink sink, boolean timed, int trust) {
        this.sink = sink;
        this.timed = timed;
        this.trust = trust;
    }
}
