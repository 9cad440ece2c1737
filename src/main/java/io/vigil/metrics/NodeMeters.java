package io.vigil.metrics;

import io.vigil.config.Endpoint;

import java.util.concurrent.atomic.LongAdder;

/**
 * The counters of one node of a pool, shared by every event loop: {@link LongAdder}s, so a loop
 * adds to its own cell without contention. nutcracker's per-server stats are the sums over the
 * nodes of one shard ({@link #shard}).
 */
public final class NodeMeters {

    final PoolMeters pool;
    final Endpoint node;
    /** Index of the shard the node belonged to when first seen (stats key of nutcracker). */
    final int shard;

    final LongAdder requests = new LongAdder();
    final LongAdder requestBytes = new LongAdder();
    final LongAdder responses = new LongAdder();
    final LongAdder responseBytes = new LongAdder();
    final LongAdder errorReplies = new LongAdder();
    final LongAdder eof = new LongAdder();
    final LongAdder errors = new LongAdder();
    final LongAdder timeouts = new LongAdder();
    final LongAdder connections = new LongAdder();
    final LongAdder connectionsOpened = new LongAdder();
    final LongAdder outQueue = new LongAdder();
    final LongAdder outQueueBytes = new LongAdder();
    final LongAdder readsRouted = new LongAdder();
    final LongAdder fences = new LongAdder();

    /** The node is its shard's master now: a lost connection to it is worth an event. */
    volatile boolean master;
    /** Set when the node lost its connection as master, so one loss makes one event. */
    volatile boolean lossReported;

    NodeMeters(PoolMeters pool, Endpoint node, int shard) {
        this.pool = pool;
        this.node = node;
        this.shard = shard;
    }

    public Endpoint node() {
        return node;
    }

    /** A read was routed to this node by the read policy. */
    public void readRouted() {
        readsRouted.increment();
    }

    /** The node stopped being master and its connections on one loop were fenced. */
    public void fenced() {
        fences.increment();
    }

    /** A connection to the node ended: {@code eof} when the node closed it, else an error. */
    void lost(boolean eofNotError) {
        (eofNotError ? eof : errors).increment();
        if (master && !lossReported) {
            lossReported = true;
            pool.events.add(pool.name, "kill", pool.shardName(shard),
                    "lost the connection to master " + node + (eofNotError ? " (closed by the node)" : " (error)"));
        }
    }
}
