package io.vigil.config;

/** A TCP address as written in config: a host name or IP literal and a port. */
public record Endpoint(String host, int port) {

    public Endpoint {
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("host: empty (expected: a host name or IP address)");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 0-65535, 0 for any free port)");
        }
    }

    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
