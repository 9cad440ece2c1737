package io.vigil.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One value of the loaded YAML tree and where it sits, so that an error about it can say where.
 *
 * <p>{@link YamlReader} loads with {@link TextSchema}, so every scalar arrives as a {@code String}
 * and numbers and booleans are read here, from the text, as nutcracker reads them: {@code 0123}
 * stays {@code "0123"} when it is a password. A value is a {@code String}, a {@code Map} or a
 * {@code List}.
 *
 * <p>Errors read {@code <where>: <key>: <value> (expected: …)}, for example
 * {@code conf/x.yml: pool 'alpha': hash: 'fnv2' (expected: one of …)}.
 */
final class YamlNode {

    /** The file and, inside a pool, {@code pool 'name'}: everything before the key. */
    private final String where;
    /** The key path inside {@code where}: {@code hash}, {@code servers[2]}, {@code limits.max_args}; empty at the top. */
    private final String key;
    private final Object value;

    private YamlNode(String where, String key, Object value) {
        this.where = where;
        this.key = key;
        this.value = value;
    }

    static YamlNode root(String file, Object value) {
        return new YamlNode(file, "", value);
    }

    /** The same value, with {@code context} (e.g. {@code pool 'alpha'}) added to where it is. */
    YamlNode within(String context) {
        return new YamlNode(where + ": " + context, "", value);
    }

    YamlNode child(String name, Object childValue) {
        return new YamlNode(where, key.isEmpty() ? name : key + "." + name, childValue);
    }

    String key() {
        return key;
    }

    boolean isScalar() {
        return value instanceof String;
    }

    boolean isList() {
        return value instanceof List;
    }

    boolean isMap() {
        return value instanceof Map;
    }

    Map<?, ?> rawMap(String expected) throws ConfigException {
        if (!isMap()) {
            throw invalid(expected);
        }
        return (Map<?, ?>) value;
    }

    String text() throws ConfigException {
        return text("a single value");
    }

    /** The scalar's text; a list or mapping here is an error that says {@code expected}. */
    String text(String expected) throws ConfigException {
        if (!isScalar()) {
            throw invalid(expected);
        }
        return (String) value;
    }

    String nonEmptyText(String expected) throws ConfigException {
        String text = text();
        if (text.isEmpty()) {
            throw invalid(expected);
        }
        return text;
    }

    List<YamlNode> items(String expected) throws ConfigException {
        if (!isList()) {
            throw invalid(expected);
        }
        List<?> list = (List<?>) value;
        List<YamlNode> items = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            items.add(new YamlNode(where, key + "[" + i + "]", list.get(i)));
        }
        return items;
    }

    /** A non-negative decimal integer in [min, max], as nutcracker's {@code nc_atoi} reads one. */
    long longIn(long min, long max) throws ConfigException {
        return number(min, max, max >= Integer.MAX_VALUE
                ? "an integer >= " + min : "an integer from " + min + " to " + max);
    }

    int intIn(int min, int max) throws ConfigException {
        return (int) longIn(min, max);
    }

    Duration millisAtLeast(long min) throws ConfigException {
        return Duration.ofMillis(number(min, Integer.MAX_VALUE, "milliseconds, an integer >= " + min));
    }

    /** {@code true} or {@code false}; nutcracker knows only these two words, not YAML 1.1's yes/no. */
    boolean bool() throws ConfigException {
        String text = isScalar() ? (String) value : "";
        if (text.equalsIgnoreCase("true")) {
            return true;
        }
        if (text.equalsIgnoreCase("false")) {
            return false;
        }
        throw invalid("true or false");
    }

    String choice(List<String> allowed) throws ConfigException {
        String text = isScalar() ? (String) value : "";
        if (!allowed.contains(text)) {
            throw invalid("one of " + String.join(", ", allowed));
        }
        return text;
    }

    /** {@code <where>: <key>: <value> (expected: <expected>)}. */
    ConfigException invalid(String expected) {
        return error(shown() + " (expected: " + expected + ")");
    }

    /** {@code <where>: <key>: <message>}. */
    ConfigException error(String message) {
        return new ConfigException(where + ": " + (key.isEmpty() ? "" : key + ": ") + message);
    }

    private String shown() {
        if (value instanceof String s) {
            return "'" + s + "'";
        }
        if (value instanceof List) {
            return "a list";
        }
        if (value instanceof Map) {
            return "a mapping";
        }
        return "nothing";
    }

    private long number(long min, long max, String expected) throws ConfigException {
        String text = isScalar() ? (String) value : "";
        if (text.isEmpty() || text.length() > 18 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw invalid(expected);
        }
        long number = Long.parseLong(text);
        if (number < min || number > max) {
            throw invalid(expected);
        }
        return number;
    }
}
