package io.vigil.config;

/**
 * Per-pool resource limits. Every limit has a clear error or a clear behaviour when it is hit.
 *
 * @param maxBulkBytes largest bulk string a client may send; Redis's {@code proto-max-bulk-len}
 * @param maxArgs most arguments in one request
 * @param maxInlineBytes longest inline (non-RESP) request line; Redis's 64 KiB
 * @param maxPendingPerClient requests of one client in flight before Vigil stops reading from it
 * @param maxClientOutputBytes reply bytes queued for one client before Vigil stops reading from it
 * @param maxBackendQueue requests in flight on one backend connection before new ones get an error
 */
public record Limits(long maxBulkBytes, int maxArgs, int maxInlineBytes, int maxPendingPerClient,
                     long maxClientOutputBytes, int maxBackendQueue) {

    public static final long DEFAULT_MAX_BULK_BYTES = 512L * 1024 * 1024;
    public static final int DEFAULT_MAX_ARGS = 1024 * 1024;
    public static final int DEFAULT_MAX_INLINE_BYTES = 64 * 1024;
    public static final int DEFAULT_MAX_PENDING_PER_CLIENT = 16 * 1024;
    public static final long DEFAULT_MAX_CLIENT_OUTPUT_BYTES = 64L * 1024 * 1024;
    public static final int DEFAULT_MAX_BACKEND_QUEUE = 64 * 1024;

    public static final Limits DEFAULTS = new Limits(DEFAULT_MAX_BULK_BYTES, DEFAULT_MAX_ARGS,
            DEFAULT_MAX_INLINE_BYTES, DEFAULT_MAX_PENDING_PER_CLIENT, DEFAULT_MAX_CLIENT_OUTPUT_BYTES,
            DEFAULT_MAX_BACKEND_QUEUE);
}
