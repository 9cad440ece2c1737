package io.vigil.config;

import java.time.Duration;
import java.util.List;

/**
 * One pool: a listener and the shards behind it. Keys that twemproxy knows keep twemproxy's names,
 * meanings and defaults, except where a {@code DEFAULT_*} constant below says otherwise.
 *
 * @param name the pool's key in the YAML file
 * @param listen where clients connect
 * @param clientConnections most clients at once; 0 means unlimited (twemproxy's default)
 * @param hash hash function name, one of {@code HashFunctions}' twelve
 * @param hashTag two characters that delimit the hashed part of a key, or null
 * @param distribution {@code ketama}, {@code modula} or {@code random}
 * @param timeout how long a request written to a backend may wait for its reply; null: forever
 * @param backlog listen backlog
 * @param tcpKeepalive SO_KEEPALIVE on client connections
 * @param reusePort SO_REUSEPORT on the listener
 * @param preconnect connect to every backend at start instead of at first use
 * @param redisAuth password for backends and, unless {@code clientAuth} is set, for clients
 * @param redisUsername ACL user for backends (Vigil's addition); null: the default user
 * @param redisDb the database a client starts in
 * @param serverConnections multiplexed connections per backend node per event loop
 * @param autoEjectHosts eject a static server after {@code serverFailureLimit} failures
 * @param serverRetryTimeout how long an ejected static server stays out
 * @param serverFailureLimit consecutive failures that eject a static server
 * @param servers the shards
 * @param sentinels Sentinel addresses; empty for a pool of static shards
 * @param sentinelUsername ACL user for sentinels, or null
 * @param sentinelPassword password for sentinels, or null
 * @param sentinelTimeout how long one query to a sentinel may take
 * @param sentinelPollInterval how often sentinels are polled besides their events
 * @param failoverHold how long a request waits for a verified master before it gets an error
 * @param readPolicy {@code master}, {@code replicas}, {@code prefer-replica} or {@code any}
 * @param masterCommands extra commands, lower case, that always go to the master
 * @param clientAuth password clients must send with AUTH, or null to use {@code redisAuth}
 * @param connectTimeout how long a backend connect may take
 * @param limits resource limits
 * @param healthCheckInterval how often Vigil checks every node of the pool itself
 * @param healthCheckTimeout how long one health check of one node may take before it counts as bad
 * @param maxReplicaLag bytes of replication offset a replica may be behind its master and still
 *     take reads
 * @param replicaRecoveryChecks good health checks in a row before a replica takes reads, at least 1
 * @param readBalance how a read picks among the nodes its policy allows: {@code least-outstanding}
 *     or {@code round-robin}
 * @param readWeights per-node read weights by address (default 1; 0 takes no reads)
 * @param readYourWrites a client's reads go to the master until the replica has caught up with
 *     that client's last write to the shard
 * @param shutdownTimeout how long the pool's clients may take to finish when Vigil drains (SIGTERM)
 *     or a reload removes the pool; then the rest are closed
 */
public record PoolConfig(
        String name,
        Endpoint listen,
        int clientConnections,
        String hash,
        String hashTag,
        String distribution,
        Duration timeout,
        int backlog,
        boolean tcpKeepalive,
        boolean reusePort,
        boolean preconnect,
        String redisAuth,
        String redisUsername,
        int redisDb,
        int serverConnections,
        boolean autoEjectHosts,
        Duration serverRetryTimeout,
        int serverFailureLimit,
        List<ServerConfig> servers,
        List<Endpoint> sentinels,
        String sentinelUsername,
        String sentinelPassword,
        Duration sentinelTimeout,
        Duration sentinelPollInterval,
        Duration failoverHold,
        String readPolicy,
        List<String> masterCommands,
        String clientAuth,
        Duration connectTimeout,
        Limits limits,
        Duration healthCheckInterval,
        Duration healthCheckTimeout,
        long maxReplicaLag,
        int replicaRecoveryChecks,
        boolean readYourWrites,
        String readBalance,
        java.util.Map<Endpoint, Integer> readWeights,
        Duration shutdownTimeout) {

    public static final int DEFAULT_CLIENT_CONNECTIONS = 0;
    public static final String DEFAULT_HASH = "fnv1a_64";
    public static final String DEFAULT_DISTRIBUTION = "ketama";
    /** twemproxy waits forever by default; Vigil gives up after 5 s so that no client hangs. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_BACKLOG = 512;
    public static final boolean DEFAULT_TCP_KEEPALIVE = false;
    public static final boolean DEFAULT_REUSE_PORT = false;
    public static final boolean DEFAULT_PRECONNECT = false;
    public static final boolean DEFAULT_AUTO_EJECT_HOSTS = false;
    public static final int DEFAULT_REDIS_DB = 0;
    public static final int DEFAULT_SERVER_CONNECTIONS = 1;
    public static final Duration DEFAULT_SERVER_RETRY_TIMEOUT = Duration.ofMillis(30_000);
    public static final int DEFAULT_SERVER_FAILURE_LIMIT = 2;
    public static final Duration DEFAULT_SENTINEL_TIMEOUT = Duration.ofMillis(500);
    public static final Duration DEFAULT_SENTINEL_POLL_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_FAILOVER_HOLD = Duration.ofSeconds(5);
    public static final String DEFAULT_READ_POLICY = "master";
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(1);
    public static final Duration DEFAULT_HEALTH_CHECK_INTERVAL = Duration.ofMillis(100);
    public static final Duration DEFAULT_HEALTH_CHECK_TIMEOUT = Duration.ofMillis(500);
    /** 1 MiB: the size of Redis's default replication backlog. */
    public static final long DEFAULT_MAX_REPLICA_LAG = 1024 * 1024;
    public static final int DEFAULT_REPLICA_RECOVERY_CHECKS = 3;
    public static final boolean DEFAULT_READ_YOUR_WRITES = false;
    public static final String DEFAULT_READ_BALANCE = "least-outstanding";
    /** A node's read weight when {@code read_weights} does not name it. */
    public static final int DEFAULT_READ_WEIGHT = 1;
    /** Long enough for a pipeline or a transaction to finish; short enough for a service manager's stop. */
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

    public PoolConfig {
        servers = List.copyOf(servers);
        sentinels = List.copyOf(sentinels);
        masterCommands = List.copyOf(masterCommands);
        readWeights = java.util.Map.copyOf(readWeights);
    }

    /** The password clients must give with AUTH, or null when clients need none. */
    public String requiredClientPassword() {
        return clientAuth != null ? clientAuth : redisAuth;
    }
}
