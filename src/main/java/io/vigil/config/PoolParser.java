package io.vigil.config;

import static io.vigil.config.PoolKeys.*;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads one pool: twemproxy's keys with twemproxy's meanings, Vigil's keys beside them, defaults
 * from {@code PoolConfig.DEFAULT_*}. Numbers are plain decimal integers, times are milliseconds.
 */
final class PoolParser {

    private PoolParser() {
    }

    /** {@code node} is the pool's value, already placed {@code within} its pool for error messages. */
    static PoolConfig parse(String name, YamlNode node) throws ConfigException {
        YamlMap map = YamlMap.of(node, "a mapping of pool keys", ALL);
        if (!map.boolOr(REDIS, true)) {
            throw map.get(REDIS).invalid("true; Vigil speaks only the Redis protocol, memcached pools are not supported");
        }
        Endpoint listen = Addresses.listen(map.require(LISTEN, Addresses.HOST_PORT));
        List<Endpoint> sentinels = sentinels(map.get(SENTINELS));
        List<ServerConfig> servers = servers(map.require(SERVERS, "a list of " + ServerParser.TWEMPROXY_FORM),
                !sentinels.isEmpty());
        String redisAuth = map.textOrNull(REDIS_AUTH, "a non-empty password");
        String redisUsername = map.textOrNull(REDIS_USERNAME, "a non-empty user name");
        requireWith(map, REDIS_USERNAME, redisUsername, REDIS_AUTH, redisAuth);
        String sentinelUsername = map.textOrNull(SENTINEL_USERNAME, "a non-empty user name");
        String sentinelPassword = map.textOrNull(SENTINEL_PASSWORD, "a non-empty password");
        requireWith(map, SENTINEL_USERNAME, sentinelUsername, SENTINEL_PASSWORD, sentinelPassword);
        return new PoolConfig(
                name,
                listen,
                map.intOr(CLIENT_CONNECTIONS, PoolConfig.DEFAULT_CLIENT_CONNECTIONS, 0, Integer.MAX_VALUE),
                map.choiceOr(HASH, PoolConfig.DEFAULT_HASH, HASHES),
                hashTag(map.get(HASH_TAG)),
                map.choiceOr(DISTRIBUTION, PoolConfig.DEFAULT_DISTRIBUTION, DISTRIBUTIONS),
                timeout(map),
                map.intOr(BACKLOG, PoolConfig.DEFAULT_BACKLOG, 1, Integer.MAX_VALUE),
                map.boolOr(TCPKEEPALIVE, PoolConfig.DEFAULT_TCP_KEEPALIVE),
                map.boolOr(REUSEPORT, PoolConfig.DEFAULT_REUSE_PORT),
                map.boolOr(PRECONNECT, PoolConfig.DEFAULT_PRECONNECT),
                redisAuth,
                redisUsername,
                map.intOr(REDIS_DB, PoolConfig.DEFAULT_REDIS_DB, 0, Integer.MAX_VALUE),
                map.intOr(SERVER_CONNECTIONS, PoolConfig.DEFAULT_SERVER_CONNECTIONS, 1, Integer.MAX_VALUE),
                map.boolOr(AUTO_EJECT_HOSTS, PoolConfig.DEFAULT_AUTO_EJECT_HOSTS),
                map.millisOr(SERVER_RETRY_TIMEOUT, PoolConfig.DEFAULT_SERVER_RETRY_TIMEOUT, 0),
                map.intOr(SERVER_FAILURE_LIMIT, PoolConfig.DEFAULT_SERVER_FAILURE_LIMIT, 1, Integer.MAX_VALUE),
                servers,
                sentinels,
                sentinelUsername,
                sentinelPassword,
                map.millisOr(SENTINEL_TIMEOUT, PoolConfig.DEFAULT_SENTINEL_TIMEOUT, 1),
                map.millisOr(SENTINEL_POLL_INTERVAL, PoolConfig.DEFAULT_SENTINEL_POLL_INTERVAL, 1),
                map.millisOr(FAILOVER_HOLD, PoolConfig.DEFAULT_FAILOVER_HOLD, 0),
                map.choiceOr(READ_POLICY, PoolConfig.DEFAULT_READ_POLICY, READ_POLICIES),
                masterCommands(map.get(MASTER_COMMANDS)),
                map.textOrNull(CLIENT_AUTH, "a non-empty password"),
                map.millisOr(CONNECT_TIMEOUT, PoolConfig.DEFAULT_CONNECT_TIMEOUT, 1),
                LimitsParser.parse(map.get(LIMITS)),
                map.millisOr(HEALTH_CHECK_INTERVAL, PoolConfig.DEFAULT_HEALTH_CHECK_INTERVAL, 1),
                map.millisOr(HEALTH_CHECK_TIMEOUT, PoolConfig.DEFAULT_HEALTH_CHECK_TIMEOUT, 1),
                map.longOr(MAX_REPLICA_LAG, PoolConfig.DEFAULT_MAX_REPLICA_LAG, 0),
                map.intOr(REPLICA_RECOVERY_CHECKS, PoolConfig.DEFAULT_REPLICA_RECOVERY_CHECKS, 1, Integer.MAX_VALUE),
                map.boolOr(READ_YOUR_WRITES, PoolConfig.DEFAULT_READ_YOUR_WRITES),
                map.choiceOr(READ_BALANCE, PoolConfig.DEFAULT_READ_BALANCE, READ_BALANCES),
                readWeights(map.get(READ_WEIGHTS)),
                map.millisOr(SHUTDOWN_TIMEOUT, PoolConfig.DEFAULT_SHUTDOWN_TIMEOUT, 0));
    }

    /** Milliseconds; 0 means wait forever, as in nutcracker, where a timeout <= 0 sets no timer. */
    private static Duration timeout(YamlMap map) throws ConfigException {
        YamlNode node = map.get(TIMEOUT);
        if (node == null) {
            return PoolConfig.DEFAULT_TIMEOUT;
        }
        Duration timeout = node.millisAtLeast(0);
        return timeout.isZero() ? null : timeout;
    }

    /** Two single-byte characters: nutcracker checks the byte length, so "{}" passes and "«»" does not. */
    private static String hashTag(YamlNode node) throws ConfigException {
        if (node == null) {
            return null;
        }
        String text = node.text("exactly 2 characters, e.g. \"{}\"");
        if (text.getBytes(StandardCharsets.UTF_8).length != 2) {
            throw node.invalid("exactly 2 characters, e.g. \"{}\"");
        }
        return text;
    }

    private static List<Endpoint> sentinels(YamlNode node) throws ConfigException {
        if (node == null) {
            return List.of();
        }
        List<YamlNode> items = node.items("a list of " + Addresses.HOST_PORT);
        if (items.isEmpty()) {
            throw node.invalid("at least one " + Addresses.HOST_PORT);
        }
        Set<Endpoint> seen = new LinkedHashSet<>();
        for (YamlNode item : items) {
            if (!seen.add(Addresses.endpoint(item))) {
                throw item.error("'" + item.text() + "' is listed twice");
            }
        }
        return List.copyOf(seen);
    }

    /**
     * The shards. Names must be unique, as nutcracker requires (conf_validate_server): the name is
     * what ketama hashes, so two equal names would put two shards on the same ring points.
     */
    private static List<ServerConfig> servers(YamlNode node, boolean sentinelPool) throws ConfigException {
        List<YamlNode> items = node.items("a list of " + ServerParser.TWEMPROXY_FORM);
        if (items.isEmpty()) {
            throw node.invalid("at least one server");
        }
        ServerParser parser = new ServerParser(sentinelPool);
        Map<String, String> namedBy = new HashMap<>();
        List<ServerConfig> servers = new ArrayList<>(items.size());
        for (YamlNode item : items) {
            ServerConfig server = parser.parse(item);
            String first = namedBy.putIfAbsent(server.name(), item.key());
            if (first != null) {
                throw item.error("name '" + server.name() + "' is already used by " + first
                        + " (expected: a name unique within the pool)");
            }
            servers.add(server);
        }
        return servers;
    }

    /** Command names, stored lower case, each once. */
    private static List<String> masterCommands(YamlNode node) throws ConfigException {
        if (node == null) {
            return List.of();
        }
        Set<String> names = new LinkedHashSet<>();
        for (YamlNode item : node.items("a list of command names")) {
            String name = item.text("a command name such as 'eval'");
            if (name.isEmpty() || name.chars().anyMatch(c -> c <= ' ')) {
                throw item.invalid("a command name such as 'eval'");
            }
            names.add(name.toLowerCase(Locale.ROOT));
        }
        return List.copyOf(names);
    }

    // read_weights: {"host:port": weight, ...}
    private static Map<Endpoint, Integer> readWeights(YamlNode node) throws ConfigException {
        if (node == null) {
            return Map.of();
        }
        Map<Endpoint, Integer> weights = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : node.rawMap("a mapping of host:port to a read weight").entrySet()) {
            String address = String.valueOf(e.getKey());
            YamlNode entry = node.child(address, e.getValue());
            weights.put(Addresses.endpoint(entry, address, "host:port"), entry.intIn(0, 1_000_000));
        }
        return weights;
    }

    /** A user name alone cannot authenticate: AUTH takes a user and a password. */
    private static void requireWith(YamlMap map, String key, String value, String needed, String neededValue)
            throws ConfigException {
        if (value != null && neededValue == null) {
            throw map.get(key).invalid("set together with " + needed);
        }
    }
}
