package io.vigil.config;

import static io.vigil.config.TestConfigs.alpha;
import static io.vigil.config.TestConfigs.alphaWithoutServers;
import static io.vigil.config.TestConfigs.error;
import static io.vigil.config.TestConfigs.onlyPool;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** One pool's keys: defaults, units, and the error each wrong value gets. */
class PoolParserTest {

    @Test
    void appliesDefaultsToEveryAbsentKey() throws ConfigException {
        PoolConfig pool = onlyPool(alpha(""));

        assertThat(pool.clientConnections()).isEqualTo(PoolConfig.DEFAULT_CLIENT_CONNECTIONS);
        assertThat(pool.hash()).isEqualTo(PoolConfig.DEFAULT_HASH);
        assertThat(pool.hashTag()).isNull();
        assertThat(pool.distribution()).isEqualTo(PoolConfig.DEFAULT_DISTRIBUTION);
        assertThat(pool.timeout()).isEqualTo(PoolConfig.DEFAULT_TIMEOUT);
        assertThat(pool.backlog()).isEqualTo(PoolConfig.DEFAULT_BACKLOG);
        assertThat(pool.tcpKeepalive()).isEqualTo(PoolConfig.DEFAULT_TCP_KEEPALIVE);
        assertThat(pool.reusePort()).isEqualTo(PoolConfig.DEFAULT_REUSE_PORT);
        assertThat(pool.preconnect()).isEqualTo(PoolConfig.DEFAULT_PRECONNECT);
        assertThat(pool.redisAuth()).isNull();
        assertThat(pool.redisUsername()).isNull();
        assertThat(pool.redisDb()).isEqualTo(PoolConfig.DEFAULT_REDIS_DB);
        assertThat(pool.serverConnections()).isEqualTo(PoolConfig.DEFAULT_SERVER_CONNECTIONS);
        assertThat(pool.autoEjectHosts()).isEqualTo(PoolConfig.DEFAULT_AUTO_EJECT_HOSTS);
        assertThat(pool.serverRetryTimeout()).isEqualTo(PoolConfig.DEFAULT_SERVER_RETRY_TIMEOUT);
        assertThat(pool.serverFailureLimit()).isEqualTo(PoolConfig.DEFAULT_SERVER_FAILURE_LIMIT);
        assertThat(pool.sentinels()).isEmpty();
        assertThat(pool.sentinelUsername()).isNull();
        assertThat(pool.sentinelPassword()).isNull();
        assertThat(pool.sentinelTimeout()).isEqualTo(PoolConfig.DEFAULT_SENTINEL_TIMEOUT);
        assertThat(pool.sentinelPollInterval()).isEqualTo(PoolConfig.DEFAULT_SENTINEL_POLL_INTERVAL);
        assertThat(pool.failoverHold()).isEqualTo(PoolConfig.DEFAULT_FAILOVER_HOLD);
        assertThat(pool.readPolicy()).isEqualTo(PoolConfig.DEFAULT_READ_POLICY);
        assertThat(pool.masterCommands()).isEmpty();
        assertThat(pool.clientAuth()).isNull();
        assertThat(pool.connectTimeout()).isEqualTo(PoolConfig.DEFAULT_CONNECT_TIMEOUT);
        assertThat(pool.limits()).isEqualTo(Limits.DEFAULTS);
        assertThat(pool.healthCheckInterval()).isEqualTo(PoolConfig.DEFAULT_HEALTH_CHECK_INTERVAL);
        assertThat(pool.healthCheckTimeout()).isEqualTo(PoolConfig.DEFAULT_HEALTH_CHECK_TIMEOUT);
        assertThat(pool.maxReplicaLag()).isEqualTo(PoolConfig.DEFAULT_MAX_REPLICA_LAG);
        assertThat(pool.replicaRecoveryChecks()).isEqualTo(PoolConfig.DEFAULT_REPLICA_RECOVERY_CHECKS);
        assertThat(pool.readYourWrites()).isEqualTo(PoolConfig.DEFAULT_READ_YOUR_WRITES);
    }

    @Test
    void healthCheckDefaultsAreATenthOfASecondHalfASecondOneMebibyteAndThreeChecks() {
        assertThat(PoolConfig.DEFAULT_HEALTH_CHECK_INTERVAL).isEqualTo(Duration.ofMillis(100));
        assertThat(PoolConfig.DEFAULT_HEALTH_CHECK_TIMEOUT).isEqualTo(Duration.ofMillis(500));
        assertThat(PoolConfig.DEFAULT_MAX_REPLICA_LAG).isEqualTo(1_048_576L);
        assertThat(PoolConfig.DEFAULT_REPLICA_RECOVERY_CHECKS).isEqualTo(3);
        assertThat(PoolConfig.DEFAULT_READ_YOUR_WRITES).isFalse();
    }

    @Test
    void readsHealthCheckKeysInMillisecondsBytesAndChecks() throws ConfigException {
        PoolConfig pool = onlyPool(alpha("  health_check_interval: 250\n  health_check_timeout: 1000\n"
                + "  max_replica_lag: 0\n  replica_recovery_checks: 1\n  read_your_writes: true\n"));
        assertThat(pool.healthCheckInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(pool.healthCheckTimeout()).isEqualTo(Duration.ofMillis(1000));
        assertThat(pool.maxReplicaLag()).isZero();
        assertThat(pool.replicaRecoveryChecks()).isEqualTo(1);
        assertThat(pool.readYourWrites()).isTrue();
        assertThat(onlyPool(alpha("  max_replica_lag: 17179869184\n")).maxReplicaLag()).isEqualTo(17_179_869_184L);
    }

    @Test
    void refusesHealthCheckValuesOutOfRange() {
        assertThat(error(alpha("  health_check_interval: 0\n"))).isEqualTo("conf/test.yml: pool 'alpha': "
                + "health_check_interval: '0' (expected: milliseconds, an integer >= 1)");
        assertThat(error(alpha("  health_check_timeout: 0.5\n"))).isEqualTo("conf/test.yml: pool 'alpha': "
                + "health_check_timeout: '0.5' (expected: milliseconds, an integer >= 1)");
        assertThat(error(alpha("  max_replica_lag: 1MB\n"))).isEqualTo(
                "conf/test.yml: pool 'alpha': max_replica_lag: '1MB' (expected: an integer >= 0)");
        assertThat(error(alpha("  replica_recovery_checks: 0\n"))).isEqualTo(
                "conf/test.yml: pool 'alpha': replica_recovery_checks: '0' (expected: an integer >= 1)");
        assertThat(error(alpha("  read_your_writes: yes\n"))).isEqualTo(
                "conf/test.yml: pool 'alpha': read_your_writes: 'yes' (expected: true or false)");
        assertThat(error(alpha("  health_check_intervall: 100\n"))).endsWith("(did you mean 'health_check_interval'?)");
    }

    @Test
    void namesFilePoolKeyAndTheTwelveHashesForAnUnknownHash() {
        assertThat(error(alpha("  hash: fnv2\n"))).isEqualTo("conf/test.yml: pool 'alpha': hash: 'fnv2' (expected: "
                + "one of one_at_a_time, md5, crc16, crc32, crc32a, fnv1_64, fnv1a_64, fnv1_32, fnv1a_32, hsieh, "
                + "murmur, jenkins)");
    }

    @Test
    void refusesAnUnknownDistribution() {
        assertThat(error(alpha("  distribution: consistent\n"))).isEqualTo(
                "conf/test.yml: pool 'alpha': distribution: 'consistent' (expected: one of ketama, modula, random)");
    }

    @Test
    void namesTheNearestKnownKeyForAMisspeltOne() {
        assertThat(error(alpha("  hsah: md5\n"))).isEqualTo(
                "conf/test.yml: pool 'alpha': hsah: unknown key (did you mean 'hash'?)");
        assertThat(error(alpha("  auto_eject_host: true\n"))).endsWith("(did you mean 'auto_eject_hosts'?)");
        assertThat(error(alpha("  sentinel:\n   - 127.0.0.1:26379\n"))).endsWith("(did you mean 'sentinels'?)");
    }

    @Test
    void listsTheKnownKeysWhenNoneIsClose() {
        assertThat(error(alpha("  colour: blue\n"))).startsWith(
                "conf/test.yml: pool 'alpha': colour: unknown key (expected: one of listen, client_connections, hash,");
    }

    @Test
    void requiresAHashTagOfExactlyTwoCharacters() throws ConfigException {
        assertThat(onlyPool(alpha("  hash_tag: \"{}\"\n")).hashTag()).isEqualTo("{}");
        assertThat(error(alpha("  hash_tag: \"{\"\n"))).isEqualTo(
                "conf/test.yml: pool 'alpha': hash_tag: '{' (expected: exactly 2 characters, e.g. \"{}\")");
        assertThat(error(alpha("  hash_tag: \"{{}\"\n"))).contains("hash_tag: '{{}' (expected: exactly 2 characters");
    }

    @Test
    void readsTimeoutInMillisecondsAndZeroAsForever() throws ConfigException {
        assertThat(onlyPool(alpha("  timeout: 400\n")).timeout()).isEqualTo(Duration.ofMillis(400));
        assertThat(onlyPool(alpha("  timeout: 0\n")).timeout()).isNull();
        assertThat(error(alpha("  timeout: -1\n"))).isEqualTo(
                "conf/test.yml: pool 'alpha': timeout: '-1' (expected: milliseconds, an integer >= 0)");
        assertThat(error(alpha("  timeout: 1s\n"))).contains("timeout: '1s' (expected: milliseconds");
    }

    @Test
    void refusesAMemcachedPool() {
        assertThat(error(alpha("  redis: false\n"))).isEqualTo("conf/test.yml: pool 'alpha': redis: 'false' "
                + "(expected: true; Vigil speaks only the Redis protocol, memcached pools are not supported)");
    }

    @Test
    void refusesAListenThatIsNotHostColonPort() {
        assertThat(error("alpha:\n  listen: [127.0.0.1]\n")).isEqualTo(
                "conf/test.yml: pool 'alpha': listen: a list (expected: host:port)");
        assertThat(error("alpha:\n  listen: 127.0.0.1\n")).isEqualTo(
                "conf/test.yml: pool 'alpha': listen: '127.0.0.1' (expected: host:port)");
        assertThat(error("alpha:\n  listen: 127.0.0.1:65536\n")).isEqualTo(
                "conf/test.yml: pool 'alpha': listen: '127.0.0.1:65536' (expected: host:port)");
    }

    @Test
    void acceptsListenPortZeroForAnyFreePort() throws ConfigException {
        String yaml = "alpha:\n  listen: 127.0.0.1:0\n  servers:\n   - 127.0.0.1:6379:1\n"
                + "beta:\n  listen: 127.0.0.1:0\n  servers:\n   - 127.0.0.1:6380:1\n";
        assertThat(TestConfigs.parse(yaml).pools()).extracting(PoolConfig::listen)
                .containsExactly(new Endpoint("127.0.0.1", 0), new Endpoint("127.0.0.1", 0));
        assertThat(error(alpha("  sentinels: [127.0.0.1:0]\n"))).isEqualTo(
                "conf/test.yml: pool 'alpha': sentinels[0]: '127.0.0.1:0' (expected: host:port)");
    }

    @Test
    void refusesAUnixSocketListen() {
        String yaml = "alpha:\n  listen: /tmp/gamma 0666\n  servers:\n   - 127.0.0.1:6379:1\n";
        assertThat(error(yaml)).isEqualTo("conf/test.yml: pool 'alpha': listen: '/tmp/gamma 0666' "
                + "(expected: host:port; unix socket paths are not supported)");
    }

    @Test
    void requiresListenAndServers() {
        assertThat(error("alpha:\n  servers:\n   - 127.0.0.1:6379:1\n")).isEqualTo(
                "conf/test.yml: pool 'alpha': listen: missing (expected: host:port)");
        assertThat(error(alphaWithoutServers(""))).isEqualTo(
                "conf/test.yml: pool 'alpha': servers: missing (expected: a list of host:port:weight [name])");
    }

    @Test
    void refusesAnEmptyServerList() {
        assertThat(error(alphaWithoutServers("  servers: []\n"))).isEqualTo(
                "conf/test.yml: pool 'alpha': servers: a list (expected: at least one server)");
        assertThat(error(alphaWithoutServers("  servers:\n"))).isEqualTo(
                "conf/test.yml: pool 'alpha': servers: '' (expected: a list of host:port:weight [name])");
    }

    @Test
    void readsBooleansAsNutcrackerDoes() throws ConfigException {
        assertThat(onlyPool(alpha("  preconnect: true\n  reuseport: True\n")).reusePort()).isTrue();
        assertThat(error(alpha("  auto_eject_hosts: yes\n"))).isEqualTo(
                "conf/test.yml: pool 'alpha': auto_eject_hosts: 'yes' (expected: true or false)");
    }

    @Test
    void refusesZeroServerConnectionsAsNutcrackerDoes() {
        assertThat(error(alpha("  server_connections: 0\n"))).isEqualTo(
                "conf/test.yml: pool 'alpha': server_connections: '0' (expected: an integer >= 1)");
    }

    @Test
    void keepsPasswordsAsWrittenAndRefusesEmptyOnes() throws ConfigException {
        assertThat(onlyPool(alpha("  redis_auth: 0123\n")).redisAuth()).isEqualTo("0123");
        assertThat(onlyPool(alpha("  redis_auth: true\n")).redisAuth()).isEqualTo("true");
        assertThat(error(alpha("  redis_auth: \"\"\n"))).isEqualTo(
                "conf/test.yml: pool 'alpha': redis_auth: '' (expected: a non-empty password)");
    }

    @Test
    void refusesAUserNameWithoutItsPassword() {
        assertThat(error(alpha("  redis_username: proxy\n"))).isEqualTo(
                "conf/test.yml: pool 'alpha': redis_username: 'proxy' (expected: set together with redis_auth)");
        assertThat(error(alpha("  sentinel_username: w\n"))).contains("(expected: set together with sentinel_password)");
    }

    @Test
    void readsVigilTimesInMilliseconds() throws ConfigException {
        PoolConfig pool = onlyPool(alpha("  sentinel_timeout: 250\n  sentinel_poll_interval: 500\n"
                + "  failover_hold: 0\n  connect_timeout: 100\n"));
        assertThat(pool.sentinelTimeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(pool.sentinelPollInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(pool.failoverHold()).isZero();
        assertThat(pool.connectTimeout()).isEqualTo(Duration.ofMillis(100));
        assertThat(error(alpha("  connect_timeout: 0\n"))).isEqualTo(
                "conf/test.yml: pool 'alpha': connect_timeout: '0' (expected: milliseconds, an integer >= 1)");
    }

    @Test
    void acceptsTheFourReadPoliciesOnly() throws ConfigException {
        for (String policy : new String[] {"master", "replicas", "prefer-replica", "any"}) {
            assertThat(onlyPool(alpha("  read_policy: " + policy + "\n")).readPolicy()).isEqualTo(policy);
        }
        assertThat(error(alpha("  read_policy: replica\n"))).isEqualTo("conf/test.yml: pool 'alpha': read_policy: "
                + "'replica' (expected: one of master, replicas, prefer-replica, any)");
    }

    @Test
    void readsTheReadBalanceAndPerNodeWeights() throws ConfigException {
        PoolConfig pool = onlyPool(alpha("  read_balance: round-robin\n  read_weights:\n    \"10.0.0.2:6379\": 3\n"
                + "    \"10.0.0.3:6379\": 0\n"));
        assertThat(pool.readBalance()).isEqualTo("round-robin");
        assertThat(pool.readWeights()).containsEntry(new Endpoint("10.0.0.2", 6379), 3)
                .containsEntry(new Endpoint("10.0.0.3", 6379), 0);
        assertThat(onlyPool(alpha("")).readBalance()).isEqualTo(PoolConfig.DEFAULT_READ_BALANCE);
        assertThat(error(alpha("  read_balance: random\n"))).isEqualTo("conf/test.yml: pool 'alpha': read_balance: "
                + "'random' (expected: one of least-outstanding, round-robin)");
        assertThat(error(alpha("  read_weights:\n    \"10.0.0.2:6379\": -1\n"))).contains("read_weights");
    }

    @Test
    void storesMasterCommandsLowerCaseOnce() throws ConfigException {
        assertThat(onlyPool(alpha("  master_commands: [GET, Hgetall, get]\n")).masterCommands())
                .containsExactly("get", "hgetall");
        assertThat(error(alpha("  master_commands: get\n"))).isEqualTo(
                "conf/test.yml: pool 'alpha': master_commands: 'get' (expected: a list of command names)");
        assertThat(error(alpha("  master_commands: [\"client kill\"]\n"))).isEqualTo(
                "conf/test.yml: pool 'alpha': master_commands[0]: 'client kill' (expected: a command name such as 'eval')");
    }

    @Test
    void readsLimitsAndDefaultsTheRest() throws ConfigException {
        PoolConfig pool = onlyPool(alpha("  limits:\n    max_args: 100\n    max_client_output_bytes: 4294967296\n"
                + "    client_output_pubsub: {soft: 0}\n    client_idle_timeout: 300000\n"));
        assertThat(pool.limits()).isEqualTo(new Limits(Limits.DEFAULT_MAX_BULK_BYTES, 100,
                Limits.DEFAULT_MAX_INLINE_BYTES, Limits.DEFAULT_MAX_PENDING_PER_CLIENT, 4294967296L,
                Limits.DEFAULT_MAX_BACKEND_QUEUE, Limits.DEFAULT_MAX_INFLIGHT_PER_CLIENT, Limits.DEFAULT_MAX_INFLIGHT_REPLY_BYTES,
                Limits.DEFAULT_CLIENT_OUTPUT_NORMAL,
                new OutputLimit(32L * 1024 * 1024, 0, Duration.ofSeconds(60)), Duration.ofMinutes(5)));
    }

    @Test
    void refusesBadLimitsWithTheirPath() {
        assertThat(error(alpha("  limits:\n    max_args: 0\n"))).isEqualTo(
                "conf/test.yml: pool 'alpha': limits.max_args: '0' (expected: an integer >= 1)");
        assertThat(error(alpha("  limits:\n    max_arg: 10\n"))).isEqualTo(
                "conf/test.yml: pool 'alpha': limits.max_arg: unknown key (did you mean 'max_args'?)");
        assertThat(error(alpha("  limits:\n    max_args: 3000000000\n"))).contains("limits.max_args: '3000000000'");
        assertThat(error(alpha("  limits:\n    client_output_normal: {hard: -1}\n"))).contains(
                "limits.client_output_normal.hard: '-1'");
        assertThat(error(alpha("  limits:\n    client_output_normal: {hrad: 1}\n"))).contains(
                "did you mean 'hard'?");
    }

    @Test
    void refusesAnEmptyOrRepeatedSentinelList() {
        assertThat(error(alpha("  sentinels: []\n"))).isEqualTo(
                "conf/test.yml: pool 'alpha': sentinels: a list (expected: at least one host:port)");
        assertThat(error(alpha("  sentinels: [127.0.0.1:26379, 127.0.0.1:26379]\n"))).isEqualTo(
                "conf/test.yml: pool 'alpha': sentinels[1]: '127.0.0.1:26379' is listed twice");
        assertThat(error(alpha("  sentinels: [127.0.0.1]\n"))).isEqualTo(
                "conf/test.yml: pool 'alpha': sentinels[0]: '127.0.0.1' (expected: host:port)");
    }
}
