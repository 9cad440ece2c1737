package io.vigil.config;

import static io.vigil.config.TestConfigs.error;
import static io.vigil.config.TestConfigs.onlyPool;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The forms of a {@code servers} entry, the ketama name each gets, and the errors. */
class ServerParserTest {

    private static final String SENTINELS = "  sentinels:\n   - 127.0.0.1:26379\n";

    /** A pool alpha with {@code extra} pool lines and the given server entries, one per line. */
    private static String pool(String extra, String... servers) {
        StringBuilder yaml = new StringBuilder("alpha:\n  listen: 127.0.0.1:22121\n").append(extra).append("  servers:\n");
        for (String server : servers) {
            yaml.append("   - ").append(server).append('\n');
        }
        return yaml.toString();
    }

    private static List<ServerConfig> servers(String extra, String... servers) throws ConfigException {
        return onlyPool(pool(extra, servers)).servers();
    }

    private static Endpoint at(String host, int port) {
        return new Endpoint(host, port);
    }

    @Test
    void readsTheTwemproxyFormWithAName() throws ConfigException {
        assertThat(servers("", "127.0.0.1:6380:3 server1")).containsExactly(
                new ServerConfig("server1", 3, at("127.0.0.1", 6380), List.of(), null));
    }

    @Test
    void namesAnUnnamedServerHostColonPortAsWrittenLikeNutcracker() throws ConfigException {
        assertThat(servers("", "127.0.0.1:6380:3", "localhost:6381:1")).extracting(ServerConfig::name)
                .containsExactly("127.0.0.1:6380", "localhost:6381");
    }

    @Test
    void leavesPort11211OutOfTheNameLikeNutcracker() throws ConfigException {
        assertThat(servers("", "127.0.0.1:11211:1").get(0).name()).isEqualTo("127.0.0.1");
    }

    @Test
    void acceptsHostNamesAndBracketedIpv6() throws ConfigException {
        assertThat(servers("", "redis-a.example.net:6379:1", "\"[::1]:6380:1 six\"")).extracting(ServerConfig::master)
                .containsExactly(at("redis-a.example.net", 6379), at("::1", 6380));
    }

    @Test
    void requiresTheWeightAsNutcrackerDoes() {
        assertThat(error(pool("", "127.0.0.1:6379"))).isEqualTo("conf/test.yml: pool 'alpha': servers[0]: "
                + "'127.0.0.1:6379' (expected: host:port:weight [name]; the weight is required, as in '127.0.0.1:6379:1')");
    }

    @Test
    void refusesAZeroWeightAndABadPort() {
        assertThat(error(pool("", "127.0.0.1:6379:0"))).isEqualTo("conf/test.yml: pool 'alpha': servers[0]: "
                + "'127.0.0.1:6379:0' (expected: host:port:weight [name]; the weight is an integer >= 1)");
        assertThat(error(pool("", "127.0.0.1:70000:1"))).isEqualTo(
                "conf/test.yml: pool 'alpha': servers[0]: '127.0.0.1:70000:1' (expected: host:port:weight [name])");
        assertThat(error(pool("", "127.0.0.1:6379:1 my server"))).contains("servers[0]: '127.0.0.1:6379:1 my server'");
    }

    @Test
    void refusesAUnixSocketServer() {
        assertThat(error(pool("", "/tmp/redis.sock:1"))).isEqualTo("conf/test.yml: pool 'alpha': servers[0]: "
                + "'/tmp/redis.sock:1' (expected: host:port:weight [name]; unix socket paths are not supported)");
    }

    @Test
    void readsTheMappingFormWithReplicas() throws ConfigException {
        assertThat(servers("", "{name: s1, master: 127.0.0.1:6379, replicas: [127.0.0.1:6380, replica.example.net:6381], weight: 2}"))
                .containsExactly(new ServerConfig("s1", 2, at("127.0.0.1", 6379),
                        List.of(at("127.0.0.1", 6380), at("replica.example.net", 6381)), null));
    }

    @Test
    void defaultsTheMappingFormsNameAndWeight() throws ConfigException {
        assertThat(servers("", "{master: 127.0.0.1:6379}")).containsExactly(
                new ServerConfig("127.0.0.1:6379", 1, at("127.0.0.1", 6379), List.of(), null));
    }

    @Test
    void refusesAMappingWithoutMasterOrWithAnUnknownKey() {
        assertThat(error(pool("", "{name: s1}"))).isEqualTo(
                "conf/test.yml: pool 'alpha': servers[0].master: missing (expected: host:port)");
        assertThat(error(pool("", "{master: 127.0.0.1:6379, replica: [127.0.0.1:6380]}"))).isEqualTo(
                "conf/test.yml: pool 'alpha': servers[0].replica: unknown key (did you mean 'replicas'?)");
        assertThat(error(pool("", "{master: 127.0.0.1:6379, replicas: [127.0.0.1]}"))).isEqualTo(
                "conf/test.yml: pool 'alpha': servers[0].replicas[0]: '127.0.0.1' (expected: host:port)");
    }

    @Test
    void readsABareNameAsASentinelMasterInASentinelPool() throws ConfigException {
        assertThat(servers(SENTINELS, "mymaster")).containsExactly(
                new ServerConfig("mymaster", 1, null, List.of(), "mymaster"));
    }

    @Test
    void readsANamedTwemproxyEntryAsASentinelMasterWithAFirstGuess() throws ConfigException {
        ServerConfig server = servers(SENTINELS, "127.0.0.1:6379:2 mymaster").get(0);
        assertThat(server).isEqualTo(new ServerConfig("mymaster", 2, at("127.0.0.1", 6379), List.of(), "mymaster"));
        assertThat(server.isSentinel()).isTrue();
    }

    @Test
    void refusesABareNameInAPoolWithoutSentinels() {
        assertThat(error(pool("", "mymaster"))).isEqualTo("conf/test.yml: pool 'alpha': servers[0]: 'mymaster' "
                + "(expected: host:port:weight [name]; a bare name is a Sentinel master name and needs 'sentinels' in the pool)");
    }

    @Test
    void refusesStaticShardsInASentinelPool() {
        assertThat(error(pool(SENTINELS, "127.0.0.1:6379:1"))).isEqualTo("conf/test.yml: pool 'alpha': servers[0]: "
                + "'127.0.0.1:6379:1' (expected: a Sentinel master name, or host:port:weight name)");
        assertThat(error(pool(SENTINELS, "{master: 127.0.0.1:6379}"))).isEqualTo("conf/test.yml: pool 'alpha': "
                + "servers[0]: a mapping (expected: a Sentinel master name, or host:port:weight name; "
                + "in a pool with sentinels, Sentinel names the replicas)");
    }

    @Test
    void refusesTwoServersWithOneNameAsNutcrackerDoes() {
        assertThat(error(pool("", "127.0.0.1:6379:1 a", "127.0.0.1:6380:1 a"))).isEqualTo("conf/test.yml: pool 'alpha': "
                + "servers[1]: name 'a' is already used by servers[0] (expected: a name unique within the pool)");
        assertThat(error(pool("", "127.0.0.1:6379:1", "127.0.0.1:6379:2"))).contains("name '127.0.0.1:6379' is already used");
        assertThat(error(pool(SENTINELS, "m1", "m1"))).contains("servers[1]: name 'm1' is already used by servers[0]");
    }

    @Test
    void acceptsSeveralShardsForLaterSharding() throws ConfigException {
        assertThat(servers("", "127.0.0.1:6379:1 a", "127.0.0.1:6380:1 b", "{name: c, master: 127.0.0.1:6381}"))
                .extracting(ServerConfig::name).containsExactly("a", "b", "c");
        assertThat(servers(SENTINELS, "m1", "127.0.0.1:6390:1 m2")).extracting(ServerConfig::sentinelName)
                .containsExactly("m1", "m2");
    }

    @Test
    void refusesAListAsAServer() {
        assertThat(error(pool("", "[127.0.0.1, 6379]"))).isEqualTo(
                "conf/test.yml: pool 'alpha': servers[0]: a list (expected: host:port:weight [name])");
    }
}
