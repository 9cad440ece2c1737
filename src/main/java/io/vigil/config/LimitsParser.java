package io.vigil.config;

import java.util.List;

/** Reads a pool's {@code limits:} mapping; every key is optional and defaults to {@code Limits.DEFAULT_*}. */
final class LimitsParser {

    static final String MAX_BULK_BYTES = "max_bulk_bytes";
    static final String MAX_ARGS = "max_args";
    static final String MAX_INLINE_BYTES = "max_inline_bytes";
    static final String MAX_PENDING_PER_CLIENT = "max_pending_per_client";
    static final String MAX_CLIENT_OUTPUT_BYTES = "max_client_output_bytes";
    static final String MAX_BACKEND_QUEUE = "max_backend_queue";

    static final List<String> KEYS = List.of(MAX_BULK_BYTES, MAX_ARGS, MAX_INLINE_BYTES,
            MAX_PENDING_PER_CLIENT, MAX_CLIENT_OUTPUT_BYTES, MAX_BACKEND_QUEUE);

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
                map.intOr(MAX_BACKEND_QUEUE, Limits.DEFAULT_MAX_BACKEND_QUEUE, 1, Integer.MAX_VALUE));
    }
}
