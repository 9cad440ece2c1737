package io.vigil.server;

import io.vigil.config.PoolConfig;
import io.vigil.metrics.PoolMeters;
import io.vigil.routing.ShardMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * twemproxy's {@code auto_eject_hosts} for a pool of static shards: a server that fails
 * {@code server_failure_limit} requests in a row leaves the hash ring for
 * {@code server_retry_timeout}, and its keys go to the other servers meanwhile (as in twemproxy:
 * those keys are then stale or missing). Sentinel shards are never ejected; they fail over.
 *
 * <p>Shared by the pool's event loops: failure counts are atomic, and the ring is rebuilt under
 * a lock on the rare occasions a server leaves or comes back.
 */
final class Ejection {

    private static final Logger log = LoggerFactory.getLogger(Ejection.class);

    private final PoolConfig config;
    private final PoolMeters meters;
    private final ShardMap full;
    private final int limit;
    private final long retryNanos;
    private final AtomicIntegerArray failures;
    private final long[] ejectedUntil;
    private volatile ShardMap active;
    /** Whether a server is out, and System.nanoTime() when the first of them comes back. */
    private volatile boolean anyOut;
    private volatile long nextReturn;

    Ejection(PoolConfig config, ShardMap full, PoolMeters meters) {
        this.config = config;
        this.meters = meters;
        this.full = full;
        this.active = full;
        this.limit = config.serverFailureLimit();
        this.retryNanos = config.serverRetryTimeout().toNanos();
        this.failures = new AtomicIntegerArray(full.shardCount());
        this.ejectedUntil = new long[full.shardCount()];
    }

    /** The pool ejects static servers: auto_eject_hosts on, several static shards. */
    static boolean applies(PoolConfig config) {
        return config.autoEjectHosts() && config.sentinels().isEmpty() && config.servers().size() > 1;
    }

    /** The ring to route with now; brings servers back once their retry timeout has passed. */
    ShardMap map() {
        if (anyOut && System.nanoTime() - nextReturn >= 0) {
            rebuild();
        }
        return active;
    }

    /** Whether server {@code shard} is out of the ring now. */
    synchronized boolean isOut(int shard) {
        return ejectedUntil[shard] != 0;
    }

    void success(int shard) {
        if (failures.get(shard) != 0) {
            failures.set(shard, 0);
        }
    }

    void failure(int shard) {
        if (failures.incrementAndGet(shard) >= limit) {
            synchronized (this) {
                if (ejectedUntil[shard] == 0) {
                    ejectedUntil[shard] = System.nanoTime() + retryNanos;
                    log.warn("pool {}: ejecting server {} after {} failures in a row; its keys go to the other "
                                    + "servers for {} ms", config.name(), config.servers().get(shard).name(),
                            failures.get(shard), retryNanos / 1_000_000);
                    meters.ejected(shard, "ejected after " + failures.get(shard) + " failures in a row for "
                            + retryNanos / 1_000_000 + " ms");
                    rebuildLocked();
                }
            }
        }
    }

    private synchronized void rebuild() {
        rebuildLocked();
    }

    private void rebuildLocked() {
        long now = System.nanoTime();
        boolean[] out = new boolean[ejectedUntil.length];
        long next = 0;
        boolean someOut = false;
        for (int i = 0; i < ejectedUntil.length; i++) {
            if (ejectedUntil[i] != 0 && now - ejectedUntil[i] >= 0) {
                ejectedUntil[i] = 0;
                failures.set(i, 0);
                log.info("pool {}: server {} is back in the hash ring", config.name(), config.servers().get(i).name());
                meters.returned(i, "back in the hash ring");
            }
            if (ejectedUntil[i] != 0) {
                out[i] = true;
                next = !someOut || ejectedUntil[i] - next < 0 ? ejectedUntil[i] : next;
                someOut = true;
            }
        }
        active = full.without(out);
        nextReturn = next;
        anyOut = someOut;
    }
}
