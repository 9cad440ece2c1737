package io.vigil.backend;

import io.vigil.config.Endpoint;

import java.time.Duration;

/**
 * The errors a client gets when a backend cannot answer. Each starts with a code a Redis client
 * understands, names the node, and says whether a write may have happened.
 */
public final class BackendErrors {

    private BackendErrors() {
    }

    public static String cannotConnect(Endpoint node, String cause) {
        return "ERR Vigil: cannot connect to " + node + ": " + cause;
    }

    public static String unavailable(Endpoint node, String lastError, long retryInMillis) {
        return "ERR Vigil: backend " + node + " is unavailable (" + lastError + "), retrying in " + retryInMillis + " ms";
    }

    /** How {@link #timedOut} begins, so a timeout can be told from other failures. */
    public static final String TIMED_OUT_PREFIX = "ERR Vigil: no reply from ";

    public static String timedOut(Endpoint node, Duration timeout) {
        return TIMED_OUT_PREFIX + node + " within " + timeout.toMillis() + " ms; the outcome of the command is unknown";
    }

    public static String connectionLost(Endpoint node, boolean written) {
        return written
                ? "ERR Vigil: connection to " + node + " lost before its reply; the outcome of the command is unknown"
                : "ERR Vigil: connection to " + node + " lost; the command was not sent";
    }

    /** The reply came after Vigil stopped trusting the node as its shard's master (invariant 8). */
    public static String demoted(Endpoint node) {
        return "ERR Vigil: " + node + " stopped being its shard's master before its reply; the outcome of the command is unknown";
    }

    public static String handshakeFailed(Endpoint node, String what, String error) {
        return "ERR Vigil: backend " + node + " refused " + what + ": " + error;
    }

    public static String queueFull(Endpoint node, int limit) {
        return "ERR Vigil: too many requests in flight to " + node + " (limit " + limit + ")";
    }

    public static String protocolDesync(Endpoint node) {
        return "ERR Vigil: unexpected reply from " + node + "; connection reset, the outcome of the command is unknown";
    }
}
