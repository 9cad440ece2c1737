package io.vigil.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML mapping whose keys are all known: an unknown key is an error at once, naming the nearest
 * known key when one is close, because a misspelt key silently ignored is a setting silently lost.
 * The {@code …Or} readers return a default when the key is absent and fail when it is present but
 * wrong.
 */
final class YamlMap {

    private final YamlNode node;
    /** Keys in file order; values are raw YAML (String, Map or List). */
    private final Map<String, Object> entries;

    private YamlMap(YamlNode node, Map<String, Object> entries) {
        this.node = node;
        this.entries = entries;
    }

    /** Reads {@code node} as a mapping with only {@code known} keys. */
    static YamlMap of(YamlNode node, String expected, List<String> known) throws ConfigException {
        Map<?, ?> raw = node.rawMap(expected);
        Map<String, Object> entries = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : raw.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw node.error("a key that is a list or mapping (expected: one of " + String.join(", ", known) + ")");
            }
            if (!known.contains(key)) {
                throw unknown(node.child(key, e.getValue()), key, known);
            }
            entries.put(key, e.getValue());
        }
        return new YamlMap(node, entries);
    }

    private static ConfigException unknown(YamlNode at, String key, List<String> known) {
        String near = KeySuggestion.nearest(key, known);
        return at.error(near != null
                ? "unknown key (did you mean '" + near + "'?)"
                : "unknown key (expected: one of " + String.join(", ", known) + ")");
    }

    /** The value under {@code key}, or null when the key is absent. */
    YamlNode get(String key) {
        return entries.containsKey(key) ? node.child(key, entries.get(key)) : null;
    }

    YamlNode require(String key, String expected) throws ConfigException {
        YamlNode value = get(key);
        if (value == null) {
            throw node.child(key, null).error("missing (expected: " + expected + ")");
        }
        return value;
    }

    int intOr(String key, int dflt, int min, int max) throws ConfigException {
        YamlNode value = get(key);
        return value == null ? dflt : value.intIn(min, max);
    }

    long longOr(String key, long dflt, long min) throws ConfigException {
        YamlNode value = get(key);
        return value == null ? dflt : value.longIn(min, Long.MAX_VALUE);
    }

    boolean boolOr(String key, boolean dflt) throws ConfigException {
        YamlNode value = get(key);
        return value == null ? dflt : value.bool();
    }

    Duration millisOr(String key, Duration dflt, long min) throws ConfigException {
        YamlNode value = get(key);
        return value == null ? dflt : value.millisAtLeast(min);
    }

    String choiceOr(String key, String dflt, List<String> allowed) throws ConfigException {
        YamlNode value = get(key);
        return value == null ? dflt : value.choice(allowed);
    }

    /** A non-empty string such as a password or user name, or null when the key is absent. */
    String textOrNull(String key, String expected) throws ConfigException {
        YamlNode value = get(key);
        return value == null ? null : value.nonEmptyText(expected);
    }
}
