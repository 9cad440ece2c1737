package io.vigil.server;

import io.netty.channel.Channel;
import io.vigil.config.Limits;

/**
 * How much one client may have on its way, and when Vigil stops reading from it. Confined to the
 * client's event loop.
 *
 * <p>Isolation on shared connections: a request goes on only while the client has fewer than
 * {@code max_inflight_per_client} requests unanswered, their replies (each guessed the size of
 * the client's last reply) under {@code max_inflight_reply_bytes}, and it reads what it is sent
 * (its channel is writable). A client that does not read thus puts only that much ahead of other
 * clients on a shared backend connection, then waits alone. Reading stops while
 * {@code max_pending_per_client} replies and held requests are owed, and resumes at half.
 */
final class ClientFlow {

    private final int maxPending;
    private final int maxInflight;
    private final long maxInflightBytes;
    /** Size of the last reply a backend sent this client: the guess for each reply in flight. */
    private int lastReplyBytes;
    private boolean readPaused;

    ClientFlow(Limits limits) {
        this.maxPending = limits.maxPendingPerClient();
        this.maxInflight = limits.maxInflightPerClient();
        this.maxInflightBytes = limits.maxInflightReplyBytes();
    }

    /** A backend reply of {@code bytes} came for this client. */
    void replied(int bytes) {
        lastReplyBytes = bytes;
    }

    /** Whether a request may go on now, with {@code inflight} unanswered. */
    boolean mayDispatch(Channel channel, int inflight, boolean passthrough) {
        return (inflight == 0 || passthrough
                || (inflight < maxInflight && (long) inflight * lastReplyBytes < maxInflightBytes))
                && channel.isWritable();
    }

    /** Stops reading while too much is owed ({@code owed} replies and held requests) or the socket does not drain. */
    void updateReading(Channel channel, int owed, boolean closing) {
        if (!readPaused && (owed >= maxPending || !channel.isWritable() || closing)) {
            readPaused = true;
            channel.config().setAutoRead(false);
        } else if (readPaused && !closing && owed <= maxPending / 2 && channel.isWritable()) {
            readPaused = false;
            channel.config().setAutoRead(true);
        }
    }
}
