package io.vigil.it.history;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisSentinelPool;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

import java.util.Set;

/**
 * A direct Sentinel client: Jedis's {@code JedisSentinelPool} with its defaults (2 s socket
 * timeout; it follows {@code +switch-master} from the sentinels). Each SET borrows a connection
 * and gives it back; a broken one is dropped by the pool.
 */
final class JedisSentinelClient implements KvClient {

    private final JedisSentinelPool pool;

    JedisSentinelClient(String masterName, Set<String> sentinels) {
        this.pool = new JedisSentinelPool(masterName, sentinels);
    }

    @Override
    public void set(String key, String value) {
        try (Jedis j = pool.getResource()) {
            j.set(key, value);
        }
    }

    @Override
    public Op.Outcome classify(Exception e) {
        if (e instanceof JedisDataException) {
            return Op.Outcome.FAIL; // READONLY, NOREPLICAS, ...: Redis refused it
        }
        if (e instanceof JedisConnectionException && (VigilClient.neverConnected(e) || e.getMessage() != null
                && e.getMessage().contains("Could not get a resource") && VigilClient.neverConnected(e.getCause()))) {
            return Op.Outcome.FAIL; // never sent
        }
        if (e instanceof JedisException && !(e instanceof JedisConnectionException)) {
            return Op.Outcome.FAIL; // the pool had nothing to lend
        }
        return Op.Outcome.UNKNOWN;
    }

    @Override
    public String name() {
        return "jedis-sentinel";
    }

    @Override
    public void close() {
        pool.close();
    }
}
