package io.vigil.config;

import java.util.List;
import java.util.Map;

/**
 * The admin HTTP listener, from the top-level {@code admin:} key (a mapping that has no
 * {@code servers}, so it cannot be a pool). Off when absent. A port alone listens on loopback:
 * <pre>
 *   admin:
 *     listen: 127.0.0.1:9121
 * </pre>
 *
 * @param listen where the admin listener binds
 */
public record AdminConfig(Endpoint listen) {

    public static final String KEY = "admin";
    public static final String DEFAULT_HOST = "127.0.0.1";
    private static final String LISTEN = "listen";

    /** Whether the top-level {@code admin:} entry is this listener rather than a pool named admin. */
    static boolean isAdmin(Object key, Object value) {
        return KEY.equals(key) && value instanceof Map<?, ?> map && !map.containsKey("servers");
    }

    static AdminConfig parse(YamlNode node) throws ConfigException {
        YamlMap map = YamlMap.of(node, "a mapping with 'listen: host:port'", List.of(LISTEN));
        YamlNode listen = map.require(LISTEN, Addresses.HOST_PORT);
        String text = String.valueOf(listen.text(Addresses.HOST_PORT));
        if (text.matches("\\d+")) {
            return new AdminConfig(Addresses.endpoint(listen, DEFAULT_HOST + ":" + text, Addresses.HOST_PORT));
        }
        return new AdminConfig(Addresses.endpoint(listen, text, Addresses.HOST_PORT));
    }
}
