package io.vigil.server;

/**
 * A request, or part of one, that its master never executed (or a read whose connection died),
 * waiting to be sent again once its shard has a master.
 */
interface Retry {

    /** Sends it again, or gives up with an error once the hold time is over; false to wait more. */
    boolean resend();

    /** The client is gone: release what is held for the retry. */
    void release();
}
