package io.vigil.config;

import java.time.Duration;
import java.util.List;

/** Reads a pool's {@code limits:} mapping; every key is optional and defaults to {@code Limits.DEFAULT_*}. */
final class LimitsParser {

    static final String MAX_BULK_BYTES = "max_bulk_bytes";
    static final String MAX_ARGS = "max_args";
    static final String MAX_INLINE_BYTES = "max_inline_bytes";
    static final String MAX_PENDING_PER_CLIENT = "max_pending_per_client";
    static final String MAX_CLIENT_OUTPUT_BYTES = "max_client_output_bytes";
    static final String MAX_BACKEND_QUEUE = "max_backend_queue";
    static final String MAX_INFLIGHT_PER_CLIENT = "max_inflight_per_client";
    static final String MAX_INFLIGHT_REPLY_BYTES = "max_inflight_reply_bytes";
    static final String CLIENT_OUTPUT_NORMAL = "client_output_normal";
    static final String CLIENT_OUTPUT_PUBSUB = "client_output_pubsub";
    static final String CLIENT_IDLE_TIMEOUT = "client_idle_timeout";

    static final List<String> KEYS = List.of(MAX_BULK_BYTES, MAX_ARGS, MAX_INLINE_BYTES,
            MAX_PENDING_PER_CLIENT, MAX_CLIENT_OUTPUT_BYTES, MAX_BACKEND_QUEUE, MAX_INFLIGHT_PER_CLIENT,
            MAX_INFLIGHT_REPLY_BYTES, CLIENT_OUTPUT_NORMAL, CLIENT_OUTPUT_PUBSUB, CLIENT_IDLE_TIMEOUT);

    /** The keys of one output class: {@code {hard: bytes, soft: bytes, soft_time: ms}}. */
    static final String HARD = "hard";
    static final String SOFT = "soft";
    static final String SOFT_TIME = "soft_time";
    static final List<String> OUTPUT_KEYS = List.of(HARD, SOFT, SOFT_TIME);

    private LimitsParser() {
    }

    /** {@code node} is the value of {@code limits}, or null when the pool has none. */
    static Limits parse(YamlNode node) throws ConfigException {
        if (node == null) {
            return Limits.DEFAULTS;
        }
        YamlMap map = YamlMap.of(node, "a mapping of " + String.join(", ", KEYS), KEYS);
        return new Limits(
                map.longOr(MAX_BULK_BYTES, Limits.DEFAULT_MAX_BULK_BYTES, 1),
                map.intOr(MAX_ARGS, Limits.DEFAULT_MAX_ARGS, 1, Integer.MAX_VALUE),
                map.intOr(MAX_INLINE_BYTES, Limits.DEFAULT_MAX_INLINE_BYTES, 1, Integer.MAX_VALUE),
                map.intOr(MAX_PENDING_PER_CLIENT, Limits.DEFAULT_MAX_PENDING_PER_CLIENT, 1, Integer.MAX_VALUE),
                map.longOr(MAX_CLIENT_OUTPUT_BYTES, Limits.DEFAULT_MAX_CLIENT_OUTPUT_BYTES, 1),
                map.intOr(MAX_BACKEND_QUEUE, Limits.DEFAULT_MAX_BACKEND_QUEUE, 1, Integer.MAX_VALUE),
                map.intOr(MAX_INFLIGHT_PER_CLIENT, Limits.DEFAULT_MAX_INFLIGHT_PER_CLIENT, 1, Integer.MAX_VALUE),
                map.longOr(MAX_INFLIGHT_REPLY_BYTES, Limits.DEFAULT_MAX_INFLIGHT_REPLY_BYTES, 1),
                output(map.get(CLIENT_OUTPUT_NORMAL), Limits.DEFAULT_CLIENT_OUTPUT_NORMAL),
                output(map.get(CLIENT_OUTPUT_PUBSUB), Limits.DEFAULT_CLIENT_OUTPUT_PUBSUB),
                map.millisOr(CLIENT_IDLE_TIMEOUT, Limits.DEFAULT_CLIENT_IDLE_TIMEOUT, 0));
    }

    /** One class; a key left out keeps that class's default. */
    private static OutputLimit output(YamlNode node, OutputLimit dflt) throws ConfigException {
        if (node == null) {
            return dflt;
        }
        YamlMap map = YamlMap.of(node, "a mapping of " + String.join(", ", OUTPUT_KEYS), OUTPUT_KEYS);
        Duration softTime = map.millisOr(SOFT_TIME, dflt.softTime(), 0);
        return new OutputLimit(map.longOr(HARD, dflt.hardBytes(), 0), map.longOr(SOFT, dflt.softBytes(), 0),
                softTime == null ? Duration.ZERO : softTime);
    }
}
