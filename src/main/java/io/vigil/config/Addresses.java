package io.vigil.config;

/**
 * Reads {@code host:port} as written in config: {@code listen}, {@code sentinels} and the mapping
 * form of a server. Like nutcracker it splits at the last colon, so {@code ::1:6379} is host
 * {@code ::1}; {@code [::1]:6379} works too. Host names are kept as written and resolved later,
 * at connect time, so that a name that moves follows its new address.
 */
final class Addresses {

    static final String HOST_PORT = "host:port";

    private Addresses() {
    }

    /** {@code host:port} from {@code node}'s text. */
    static Endpoint endpoint(YamlNode node) throws ConfigException {
        return endpoint(node, node.text(HOST_PORT), HOST_PORT);
    }

    /**
     * {@code listen}: as {@link #endpoint(YamlNode)}, with a clear word for unix socket paths, and
     * port 0 allowed (bind any free port, for tests and demos; nutcracker refuses it).
     */
    static Endpoint listen(YamlNode node) throws ConfigException {
        String text = node.text(HOST_PORT);
        if (text.startsWith("/")) {
            throw node.invalid(HOST_PORT + "; unix socket paths are not supported");
        }
        return endpoint(node, text, HOST_PORT, 0);
    }

    /**
     * {@code text} as {@code host:port}; errors are reported against {@code node} with
     * {@code expected} so that callers parsing a longer form (host:port:weight) can name theirs.
     */
    static Endpoint endpoint(YamlNode node, String text, String expected) throws ConfigException {
        return endpoint(node, text, expected, 1);
    }

    private static Endpoint endpoint(YamlNode node, String text, String expected, int minPort)
            throws ConfigException {
        int colon = text.lastIndexOf(':');
        if (colon <= 0) {
            throw node.invalid(expected);
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = port(text.substring(colon + 1), minPort);
        if (port < 0 || !validHost(host)) {
            throw node.invalid(expected);
        }
        return new Endpoint(host, port);
    }

    /** minPort-65535 from decimal digits, else -1. */
    private static int port(String digits, int minPort) {
        if (digits.isEmpty() || digits.length() > 5 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        int port = Integer.parseInt(digits);
        return port >= minPort && port <= 65535 ? port : -1;
    }

    /** Not a full hostname grammar: enough to catch a stray space, bracket or slash. */
    private static boolean validHost(String host) {
        return !host.isEmpty() && host.chars().allMatch(c -> c > ' ' && c < 127 && c != '/' && c != '[' && c != ']');
    }
}
