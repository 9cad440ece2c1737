package io.vigil.config;

import static io.vigil.config.TestConfigs.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real {@code nutcracker -t} (Debian package nutcracker, 0.5.0) and Vigil agree on twemproxy
 * files: what one accepts the other accepts, and the nutcracker rules Vigil copies are refused by both.
 */
class NutcrackerAgreementTest {

    private static final Path NUTCRACKER = Path.of("/usr/sbin/nutcracker");

    @TempDir
    Path dir;

    /** True when {@code nutcracker -t} says the file's syntax is ok. */
    private static boolean nutcrackerAccepts(Path file) throws IOException, InterruptedException {
        assumeThat(Files.isExecutable(NUTCRACKER)).as("nutcracker installed at " + NUTCRACKER).isTrue();
        Process p = new ProcessBuilder(NUTCRACKER.toString(), "-t", "-c", file.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return out.contains("syntax is ok");
    }

    private static boolean vigilAccepts(Path file) {
        try {
            ConfigLoader.load(file);
            return true;
        } catch (ConfigException e) {
            return false;
        }
    }

    @Test
    void bothAcceptTheTwemproxyRedisFile() throws Exception {
        Path file = resource("twemproxy-redis.yml");
        assertThat(nutcrackerAccepts(file)).isTrue();
        assertThat(vigilAccepts(file)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "  servers:\n   - 127.0.0.1:6379\n",                                    // weight missing
        "  servers:\n   - 127.0.0.1:6379:0\n",                                  // zero weight
        "  servers:\n   - 127.0.0.1:6379:1 a\n   - 127.0.0.1:6380:1 a\n",       // same name twice
        "  servers:\n   - 127.0.0.1:6379:1\n   - 127.0.0.1:6379:2\n",           // same host:port name
        "  servers:\n   - 127.0.0.1:11211:1\n   - 127.0.0.1:6380:1 127.0.0.1\n", // 11211 leaves the port out
        "  hash_tag: \"{\"\n  servers:\n   - 127.0.0.1:6379:1\n",
        "  hash: fnv2\n  servers:\n   - 127.0.0.1:6379:1\n",
        "  timeout: -1\n  servers:\n   - 127.0.0.1:6379:1\n",
        "  server_connections: 0\n  servers:\n   - 127.0.0.1:6379:1\n",
        "  redis_auth: \"\"\n  servers:\n   - 127.0.0.1:6379:1\n",
        "  redis: yes\n  servers:\n   - 127.0.0.1:6379:1\n",
        "  servers: []\n",
        "  hsah: md5\n  servers:\n   - 127.0.0.1:6379:1\n",
    })
    void bothRefuse(String poolLines) throws Exception {
        Path file = dir.resolve("bad.yml");
        String redis = poolLines.contains("redis:") ? "" : "  redis: true\n";
        Files.writeString(file, "alpha:\n  listen: 127.0.0.1:22121\n" + redis + poolLines);
        assertThat(nutcrackerAccepts(file)).as("nutcracker on\n" + Files.readString(file)).isFalse();
        assertThat(vigilAccepts(file)).as("vigil on\n" + Files.readString(file)).isFalse();
    }

    @Test
    void bothRefuseTwoPoolsOnOneListenAddress() throws Exception {
        Path file = dir.resolve("twice.yml");
        Files.writeString(file, "alpha:\n  listen: 127.0.0.1:22121\n  redis: true\n  servers:\n   - 127.0.0.1:6379:1\n"
                + "beta:\n  listen: 127.0.0.1:22121\n  redis: true\n  servers:\n   - 127.0.0.1:6380:1\n");
        assertThat(nutcrackerAccepts(file)).isFalse();
        assertThat(vigilAccepts(file)).isFalse();
    }
}
