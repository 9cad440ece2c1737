package io.vigil.config;

import java.util.List;

/**
 * The keys a pool may have and the words some of them take. The first group is nutcracker 0.5's
 * ({@code nc_conf.c}, {@code conf_commands}) plus {@code reuseport} from later twemproxy; the second
 * is Vigil's. docs/configuration.md documents each one.
 */
final class PoolKeys {

    // twemproxy's
    static final String LISTEN = "listen";
    static final String CLIENT_CONNECTIONS = "client_connections";
    static final String HASH = "hash";
    static final String HASH_TAG = "hash_tag";
    static final String DISTRIBUTION = "distribution";
    static final String TIMEOUT = "timeout";
    static final String BACKLOG = "backlog";
    static final String TCPKEEPALIVE = "tcpkeepalive";
    static final String REUSEPORT = "reuseport";
    static final String PRECONNECT = "preconnect";
    static final String REDIS = "redis";
    static final String REDIS_AUTH = "redis_auth";
    static final String REDIS_DB = "redis_db";
    static final String SERVER_CONNECTIONS = "server_connections";
    static final String AUTO_EJECT_HOSTS = "auto_eject_hosts";
    static final String SERVER_RETRY_TIMEOUT = "server_retry_timeout";
    static final String SERVER_FAILURE_LIMIT = "server_failure_limit";
    static final String SERVERS = "servers";

    // Vigil's
    static final String SENTINELS = "sentinels";
    static final String SENTINEL_USERNAME = "sentinel_username";
    static final String SENTINEL_PASSWORD = "sentinel_password";
    static final String SENTINEL_TIMEOUT = "sentinel_timeout";
    static final String SENTINEL_POLL_INTERVAL = "sentinel_poll_interval";
    static final String FAILOVER_HOLD = "failover_hold";
    static final String READ_POLICY = "read_policy";
    static final String MASTER_COMMANDS = "master_commands";
    static final String CLIENT_AUTH = "client_auth";
    static final String REDIS_USERNAME = "redis_username";
    static final String CONNECT_TIMEOUT = "connect_timeout";
    static final String LIMITS = "limits";
    static final String HEALTH_CHECK_INTERVAL = "health_check_interval";
    static final String HEALTH_CHECK_TIMEOUT = "health_check_timeout";
    static final String MAX_REPLICA_LAG = "max_replica_lag";
    static final String REPLICA_RECOVERY_CHECKS = "replica_recovery_checks";
    static final String READ_YOUR_WRITES = "read_your_writes";
    static final String READ_BALANCE = "read_balance";
    static final String READ_WEIGHTS = "read_weights";
    static final String SHUTDOWN_TIMEOUT = "shutdown_timeout";

    static final List<String> ALL = List.of(LISTEN, CLIENT_CONNECTIONS, HASH, HASH_TAG, DISTRIBUTION,
            TIMEOUT, BACKLOG, TCPKEEPALIVE, REUSEPORT, PRECONNECT, REDIS, REDIS_AUTH, REDIS_DB,
            SERVER_CONNECTIONS, AUTO_EJECT_HOSTS, SERVER_RETRY_TIMEOUT, SERVER_FAILURE_LIMIT, SERVERS,
            SENTINELS, SENTINEL_USERNAME, SENTINEL_PASSWORD, SENTINEL_TIMEOUT, SENTINEL_POLL_INTERVAL,
            FAILOVER_HOLD, READ_POLICY, MASTER_COMMANDS, CLIENT_AUTH, REDIS_USERNAME, CONNECT_TIMEOUT,
            LIMITS, HEALTH_CHECK_INTERVAL, HEALTH_CHECK_TIMEOUT, MAX_REPLICA_LAG, REPLICA_RECOVERY_CHECKS,
            READ_YOUR_WRITES, READ_BALANCE, READ_WEIGHTS, SHUTDOWN_TIMEOUT);

    /** nutcracker's hash functions, in its order (nc_hashkit.h, HASH_CODEC). */
    static final List<String> HASHES = List.of("one_at_a_time", "md5", "crc16", "crc32", "crc32a",
            "fnv1_64", "fnv1a_64", "fnv1_32", "fnv1a_32", "hsieh", "murmur", "jenkins");

    /** nutcracker's distributions (nc_hashkit.h, DIST_CODEC). */
    static final List<String> DISTRIBUTIONS = List.of("ketama", "modula", "random");

    static final List<String> READ_POLICIES = List.of("master", "replicas", "prefer-replica", "any");
    static final List<String> READ_BALANCES = List.of("least-outstanding", "round-robin");

    private PoolKeys() {
    }
}
