package io.vigil.it.history;

/**
 * The one operation a workload needs, over some client library: a SET that either returns (the
 * write was acknowledged) or throws, and the reading of what the thrown exception means.
 */
interface KvClient extends AutoCloseable {

    /** Sends {@code SET key value}; returns once acknowledged, throws otherwise. */
    void set(String key, String value) throws Exception;

    /** What {@code e}, thrown by {@link #set}, says about whether the write happened. */
    Op.Outcome classify(Exception e);

    /** How many times the client had to open a new connection after losing one. */
    default int reconnects() {
        return 0;
    }

    /** A short name for tables: vigil, jedis-sentinel, lettuce-sentinel. */
    String name();

    @Override
    void close();
}
