package io.vigil.server;

import io.vigil.protocol.RespRequest;

import java.util.ArrayDeque;

/**
 * A client's requests that wait, in the order they go out: first the retries (forwarded requests
 * a master never ran, sent again once the shard has a master), then the held requests (not sent
 * yet, because they need another connection to a shard or a master, or because requests before
 * them wait). Confined to the client's event loop; owns what it holds until it is sent or released.
 */
final class WaitingRequests {

    private final ArrayDeque<RespRequest> held = new ArrayDeque<>();
    private final ArrayDeque<Retry> retries = new ArrayDeque<>();
    /** False after a retry found no master, until the pool loop's tick or a topology change. */
    private boolean retryReady;

    boolean isEmpty() {
        return held.isEmpty() && retries.isEmpty();
    }

    /** Held requests: they count toward what the client is owed. */
    int heldCount() {
        return held.size();
    }

    void hold(RespRequest req) {
        held.add(req);
    }

    void retryLater(Retry retry) {
        retries.add(retry);
    }

    void retryReady(boolean ready) {
        retryReady = ready;
    }

    /**
     * Sends what can go now for {@code s}: the retries (only while {@link #retryReady}), then,
     * once none is left, the held requests in order, each stopping at the first that cannot go, or
     * while the client may not send more ({@link ClientSession#mayDispatch}).
     */
    void dispatch(ClientSession s) {
        Retry retry;
        while (retryReady && !s.isClosed() && (retry = retries.peek()) != null) {
            if (!retry.resend()) {
                return;
            }
            retries.poll();
        }
        if (!retries.isEmpty()) {
            return;
        }
        RespRequest req;
        while (!s.closing && !s.isClosed() && s.mayDispatch() && (req = held.peek()) != null) {
            if (!RequestDispatch.handle(s, req)) {
                break;
            }
            held.poll();
        }
    }

    /** The client is gone: release everything still waiting. */
    void releaseAll() {
        RespRequest req;
        while ((req = held.poll()) != null) {
            req.release();
        }
        Retry retry;
        while ((retry = retries.poll()) != null) {
            retry.release();
        }
    }
}
