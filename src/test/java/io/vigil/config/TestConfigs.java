package io.vigil.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** Small helpers shared by the config tests: parse a snippet as if it were conf/test.yml. */
final class TestConfigs {

    static final Path FILE = Path.of("conf", "test.yml");

    private TestConfigs() {
    }

    static VigilConfig parse(String yaml) throws ConfigException {
        return ConfigLoader.parse(yaml, FILE);
    }

    static PoolConfig onlyPool(String yaml) throws ConfigException {
        return parse(yaml).pools().get(0);
    }

    /** One pool named alpha with {@code extra} lines (already indented by two) and one server. */
    static String alpha(String extra) {
        return "alpha:\n  listen: 127.0.0.1:22121\n" + extra + "  servers:\n   - 127.0.0.1:6379:1\n";
    }

    /** One pool named alpha with {@code extra} lines (indented by two) and no servers key. */
    static String alphaWithoutServers(String extra) {
        return "alpha:\n  listen: 127.0.0.1:22121\n" + extra;
    }

    /** The message of the ConfigException that parsing {@code yaml} must throw. */
    static String error(String yaml) {
        Throwable[] thrown = new Throwable[1];
        assertThatThrownBy(() -> parse(yaml)).isInstanceOf(ConfigException.class)
                .satisfies(t -> thrown[0] = t);
        return thrown[0].getMessage();
    }

    static Path resource(String name) {
        try {
            return Path.of(TestConfigs.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
