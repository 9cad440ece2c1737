package io.vigil.it.history;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * A client of Vigil: one plain Jedis connection to Vigil's one address, as an application that
 * knows nothing of Sentinel would hold. A lost connection is counted and replaced (only a restart
 * of Vigil itself should ever cause one).
 */
final class VigilClient implements KvClient {

    /** Longer than Vigil's own request timeout, so that Vigil, not the client, decides. */
    static final int SOCKET_TIMEOUT_MILLIS = 20_000;

    private final int port;
    private Jedis jedis;
    private int reconnects;

    VigilClient(int port) {
        this.port = port;
        this.jedis = new Jedis("127.0.0.1", port, SOCKET_TIMEOUT_MILLIS);
    }

    @Override
    public void set(String key, String value) {
        if (jedis == null) {
            jedis = new Jedis("127.0.0.1", port, SOCKET_TIMEOUT_MILLIS);
            reconnects++;
        }
        try {
            jedis.set(key, value);
        } catch (JedisConnectionException e) {
            jedis.close();
            jedis = null;
            throw e;
        }
    }

    @Override
    public Op.Outcome classify(Exception e) {
        if (e instanceof JedisDataException && !e.getMessage().contains("outcome of the command is unknown")) {
            return Op.Outcome.FAIL; // MASTERDOWN, "not sent", NOREPLICAS, READONLY: nothing was written
        }
        if (e instanceof JedisConnectionException && neverConnected(e)) {
            return Op.Outcome.FAIL; // Vigil was down: the connect failed, nothing was sent
        }
        return Op.Outcome.UNKNOWN;
    }

    static boolean neverConnected(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int reconnects() {
        return reconnects;
    }

    @Override
    public String name() {
        return "vigil";
    }

    @Override
    public void close() {
        if (jedis != null) {
            jedis.close();
        }
    }
}
