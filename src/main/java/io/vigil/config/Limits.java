package io.vigil.config;

import java.time.Duration;

/**
 * Per-pool resource limits. Every limit has a clear error or a clear behaviour when it is hit.
 *
 * @param maxBulkBytes largest bulk string a client may send; Redis's {@code proto-max-bulk-len}
 * @param maxArgs most arguments in one request
 * @param maxInlineBytes longest inline (non-RESP) request line; Redis's 64 KiB
 * @param maxPendingPerClient requests of one client in flight before Vigil stops reading from it
 * @param maxClientOutputBytes reply bytes queued for one client before Vigil stops reading from it
 *     and stops forwarding its requests
 * @param maxBackendQueue requests in flight on one backend connection before new ones get an error
 * @param maxInflightPerClient requests of one client written to backends and not yet answered;
 *     further ones wait in Vigil, so a client that does not read holds few replies on a shared
 *     connection
 * @param clientOutputNormal {@code client-output-buffer-limit normal}
 * @param clientOutputPubsub {@code client-output-buffer-limit pubsub}: subscribers and MONITOR
 * @param clientIdleTimeout Redis's {@code timeout}: a client idle this long is closed, unless it
 *     is subscribed or waits for a reply; {@link Duration#ZERO}: never
 */
public record Limits(long maxBulkBytes, int maxArgs, int maxInlineBytes, int maxPendingPerClient,
                     long maxClientOutputBytes, int maxBackendQueue, int maxInflightPerClient,
                     long maxInflightReplyBytes,
                     OutputLimit clientOutputNormal, OutputLimit clientOutputPubsub, Duration clientIdleTimeout) {

    public static final long DEFAULT_MAX_BULK_BYTES = 512L * 1024 * 1024;
    public static final int DEFAULT_MAX_ARGS = 1024 * 1024;
    public static final int DEFAULT_MAX_INLINE_BYTES = 64 * 1024;
    public static final int DEFAULT_MAX_PENDING_PER_CLIENT = 16 * 1024;
    /** Small enough that a client which does not read stops being served at once, large enough
     *  for a few 100 KB replies at a time (see BENCHMARKS.md, slow readers). */
    public static final long DEFAULT_MAX_CLIENT_OUTPUT_BYTES = 1024L * 1024;
    public static final int DEFAULT_MAX_BACKEND_QUEUE = 64 * 1024;
    /** Twice redis-benchmark's -P 16; a client cannot put more than this many unread replies
     *  ahead of other clients on a shared connection (see BENCHMARKS.md, slow readers). */
    public static final int DEFAULT_MAX_INFLIGHT_PER_CLIENT = 32;
    /** A few 100 KB replies: five clients that do not read delay another by about 1 MiB of
     *  replies at most (see BENCHMARKS.md, slow readers). */
    public static final long DEFAULT_MAX_INFLIGHT_REPLY_BYTES = 256L * 1024;
    /** Unlike Redis (no limit): a client held for not reading may keep at most 256 MiB, and
     *  64 MiB for a minute, so a few slow readers cannot exhaust Vigil's 1 GiB of direct memory. */
    public static final OutputLimit DEFAULT_CLIENT_OUTPUT_NORMAL =
            new OutputLimit(256L * 1024 * 1024, 64L * 1024 * 1024, Duration.ofSeconds(60));
    /** Redis's default: {@code client-output-buffer-limit pubsub 32mb 8mb 60}. */
    public static final OutputLimit DEFAULT_CLIENT_OUTPUT_PUBSUB =
            new OutputLimit(32L * 1024 * 1024, 8L * 1024 * 1024, Duration.ofSeconds(60));
    /** Redis's default {@code timeout 0}: idle clients are never closed. */
    public static final Duration DEFAULT_CLIENT_IDLE_TIMEOUT = Duration.ZERO;

    public static final Limits DEFAULTS = new Limits(DEFAULT_MAX_BULK_BYTES, DEFAULT_MAX_ARGS,
            DEFAULT_MAX_INLINE_BYTES, DEFAULT_MAX_PENDING_PER_CLIENT, DEFAULT_MAX_CLIENT_OUTPUT_BYTES,
            DEFAULT_MAX_BACKEND_QUEUE, DEFAULT_MAX_INFLIGHT_PER_CLIENT, DEFAULT_MAX_INFLIGHT_REPLY_BYTES, DEFAULT_CLIENT_OUTPUT_NORMAL,
            DEFAULT_CLIENT_OUTPUT_PUBSUB, DEFAULT_CLIENT_IDLE_TIMEOUT);
}
