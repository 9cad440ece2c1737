package io.vigil.backend;

import io.vigil.config.PoolConfig;

import java.time.Duration;

/**
 * What every backend connection of one pool needs to know: how to authenticate, how long to wait.
 *
 * @param username ACL user sent with AUTH, or null for the default user
 * @param password password sent with AUTH, or null to send no AUTH
 * @param connectTimeout how long a TCP connect may take
 * @param requestTimeout how long a written request may wait for its reply; null: forever
 * @param connectionsPerNode shared multiplexed connections per node per event loop
 * @param maxQueue requests in flight on one connection before new ones are refused
 */
public record BackendSettings(String username, String password, Duration connectTimeout,
                              Duration requestTimeout, int connectionsPerNode, int maxQueue) {

    /** First reconnect delay after a failed connect; doubles up to {@link #MAX_BACKOFF}. */
    public static final Duration MIN_BACKOFF = Duration.ofMillis(50);
    public static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

    public static BackendSettings of(PoolConfig pool) {
        return new BackendSettings(pool.redisUsername(), pool.redisAuth(), pool.connectTimeout(),
                pool.timeout(), pool.serverConnections(), pool.limits().maxBackendQueue());
    }
}
