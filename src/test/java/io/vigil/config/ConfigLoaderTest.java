package io.vigil.config;

import static io.vigil.config.TestConfigs.alpha;
import static io.vigil.config.TestConfigs.error;
import static io.vigil.config.TestConfigs.parse;
import static io.vigil.config.TestConfigs.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole files: loading, YAML errors, pool-level structure and rules across pools. */
class ConfigLoaderTest {

    @Test
    void loadsATwemproxyRedisFileUnchanged() throws ConfigException {
        Path file = resource("twemproxy-redis.yml");
        VigilConfig config = ConfigLoader.load(file);

        assertThat(config.source()).isEqualTo(file);
        assertThat(config.pools()).extracting(PoolConfig::name).containsExactly("alpha", "beta", "gamma", "delta");

        PoolConfig alpha = config.pool("alpha").orElseThrow();
        assertThat(alpha.listen()).isEqualTo(new Endpoint("127.0.0.1", 22121));
        assertThat(alpha.autoEjectHosts()).isTrue();
        assertThat(alpha.serverRetryTimeout()).isEqualTo(Duration.ofMillis(2000));
        assertThat(alpha.serverFailureLimit()).isEqualTo(1);
        assertThat(alpha.servers()).containsExactly(
                new ServerConfig("127.0.0.1:6379", 1, new Endpoint("127.0.0.1", 6379), List.of(), null));

        PoolConfig beta = config.pool("beta").orElseThrow();
        assertThat(beta.hashTag()).isEqualTo("{}");
        assertThat(beta.timeout()).isEqualTo(Duration.ofMillis(400));
        assertThat(beta.servers()).extracting(ServerConfig::name)
                .containsExactly("server1", "server2", "server3", "server4");

        PoolConfig gamma = config.pool("gamma").orElseThrow();
        assertThat(gamma.listen()).isEqualTo(new Endpoint("localhost", 22123));
        assertThat(gamma.hash()).isEqualTo("murmur");
        assertThat(gamma.distribution()).isEqualTo("modula");
        assertThat(gamma.backlog()).isEqualTo(1024);
        assertThat(gamma.clientConnections()).isEqualTo(4096);
        assertThat(gamma.preconnect()).isTrue();
        assertThat(gamma.tcpKeepalive()).isTrue();
        assertThat(gamma.redisAuth()).isEqualTo("s3cret");
        assertThat(gamma.redisDb()).isEqualTo(2);
        assertThat(gamma.serverConnections()).isEqualTo(4);
        assertThat(gamma.servers()).extracting(ServerConfig::name, ServerConfig::weight)
                .containsExactly(tuple("localhost:6390", 2),
                        tuple("127.0.0.1:6391", 1));

        PoolConfig delta = config.pool("delta").orElseThrow();
        assertThat(delta.distribution()).isEqualTo("random");
        assertThat(delta.hashTag()).isEqualTo("$$");
        assertThat(delta.servers()).hasSize(5);
    }

    @Test
    void loadsARealisticVigilFile() throws ConfigException {
        VigilConfig config = ConfigLoader.load(resource("vigil-full.yml"));

        PoolConfig sessions = config.pool("sessions").orElseThrow();
        assertThat(sessions.sentinels()).containsExactly(new Endpoint("sentinel-a.example.net", 26379),
                new Endpoint("sentinel-b.example.net", 26379), new Endpoint("127.0.0.1", 26381));
        assertThat(sessions.servers()).containsExactly(
                new ServerConfig("sessions-1", 1, null, List.of(), "sessions-1"),
                new ServerConfig("sessions-2", 2, new Endpoint("127.0.0.1", 7010), List.of(), "sessions-2"));
        assertThat(sessions.sentinelUsername()).isEqualTo("watcher");
        assertThat(sessions.sentinelPassword()).isEqualTo("sentinel-pass");
        assertThat(sessions.sentinelTimeout()).isEqualTo(Duration.ofMillis(300));
        assertThat(sessions.sentinelPollInterval()).isEqualTo(Duration.ofMillis(2000));
        assertThat(sessions.failoverHold()).isEqualTo(Duration.ofMillis(8000));
        assertThat(sessions.connectTimeout()).isEqualTo(Duration.ofMillis(750));
        assertThat(sessions.readPolicy()).isEqualTo("prefer-replica");
        assertThat(sessions.masterCommands()).containsExactly("eval", "evalsha", "fcall");
        assertThat(sessions.redisUsername()).isEqualTo("proxy");
        assertThat(sessions.requiredClientPassword()).isEqualTo("client-pass");
        assertThat(sessions.limits()).isEqualTo(new Limits(1048576, 4096, 8192, 1000, 8388608, 2000,
                Limits.DEFAULT_MAX_INFLIGHT_PER_CLIENT, Limits.DEFAULT_MAX_INFLIGHT_REPLY_BYTES, Limits.DEFAULT_CLIENT_OUTPUT_NORMAL,
                Limits.DEFAULT_CLIENT_OUTPUT_PUBSUB, Limits.DEFAULT_CLIENT_IDLE_TIMEOUT));

        PoolConfig reports = config.pool("reports").orElseThrow();
        assertThat(reports.servers()).containsExactly(new ServerConfig("reports", 1,
                new Endpoint("db-1.example.net", 6379),
                List.of(new Endpoint("db-2.example.net", 6379), new Endpoint("db-3.example.net", 6379)),
                null));
    }

    @Test
    void refusesAMemcachedPoolByName() {
        assertThatThrownBy(() -> ConfigLoader.load(resource("twemproxy-mixed.yml")))
                .isInstanceOf(ConfigException.class)
                .hasMessageEndingWith("twemproxy-mixed.yml: pool 'gamma': redis: 'false' (expected: true; "
                        + "Vigil speaks only the Redis protocol, memcached pools are not supported)");
    }

    @Test
    void namesTheFileWhenItDoesNotExist(@TempDir Path dir) {
        Path missing = dir.resolve("nope.yml");
        assertThatThrownBy(() -> ConfigLoader.load(missing))
                .isInstanceOf(ConfigException.class)
                .hasMessage(missing + ": no such file");
    }

    @Test
    void givesFileLineAndColumnForYamlSyntaxErrors(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("broken.yml");
        Files.writeString(file, "alpha:\n  listen: 127.0.0.1:22121\n  servers: [127.0.0.1:6379:1\n");
        assertThatThrownBy(() -> ConfigLoader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ":4:1: YAML syntax error: ");
    }

    @Test
    void givesLineAndColumnForATabIndent() {
        assertThat(error("alpha:\n\tlisten: 127.0.0.1:22121\n")).startsWith("conf/test.yml:2:1: YAML syntax error: ");
    }

    @Test
    void refusesADuplicateKeyWithItsLine() {
        assertThat(error(alpha("  hash: md5\n  hash: crc16\n")))
                .startsWith("conf/test.yml:4:3: YAML syntax error: found duplicate key hash");
    }

    @Test
    void refusesAFileWithNoPools() {
        assertThat(error("# nothing here\n")).isEqualTo(
                "conf/test.yml: no pools (expected: a mapping of pool name to pool, as in nutcracker.yml)");
        assertThat(error("{}")).isEqualTo(
                "conf/test.yml: no pools (expected: a mapping of pool name to pool, as in nutcracker.yml)");
    }

    @Test
    void readsExplicitTagsAndEnvironmentLikeTextAsPlainStrings() throws ConfigException {
        assertThat(TestConfigs.onlyPool(alpha("  redis_auth: ${REDIS_PASSWORD}\n")).redisAuth())
                .isEqualTo("${REDIS_PASSWORD}");
        assertThat(error(alpha("  backlog: !!int 5\n"))).startsWith("conf/test.yml:3:12: YAML syntax error: ");
    }

    @Test
    void refusesATopLevelListOrAPoolThatIsNotAMapping() {
        assertThat(error("- alpha\n")).isEqualTo(
                "conf/test.yml: a list (expected: a mapping of pool name to pool, as in nutcracker.yml)");
        assertThat(error("alpha: 127.0.0.1:22121\n")).isEqualTo(
                "conf/test.yml: pool 'alpha': '127.0.0.1:22121' (expected: a mapping of pool keys)");
    }

    @Test
    void refusesTwoPoolsOnTheSameListenAddress() {
        String yaml = alpha("") + "beta:\n  listen: 127.0.0.1:22121\n  servers:\n   - 127.0.0.1:6380:1\n";
        assertThat(error(yaml)).isEqualTo("conf/test.yml: pool 'beta': listen: '127.0.0.1:22121' "
                + "(expected: an address no other pool uses; pool 'alpha' listens on '127.0.0.1:22121')");
    }

    @Test
    void refusesAWildcardListenThatOverlapsAnotherPool() {
        String yaml = alpha("") + "beta:\n  listen: 0.0.0.0:22121\n  servers:\n   - 127.0.0.1:6380:1\n";
        assertThat(error(yaml)).contains("pool 'beta': listen: '0.0.0.0:22121' (expected: an address no other pool uses");
    }

    @Test
    void keepsPoolsInFileOrder() throws ConfigException {
        String yaml = "zeta:\n  listen: 127.0.0.1:22125\n  servers:\n   - 127.0.0.1:6379:1\n" + alpha("");
        assertThat(parse(yaml).pools()).extracting(PoolConfig::name).containsExactly("zeta", "alpha");
    }
}
