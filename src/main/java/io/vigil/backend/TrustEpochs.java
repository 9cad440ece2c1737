package io.vigil.backend;

import io.vigil.config.Endpoint;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How far a pool trusts each node as its shard's master, shared by the pool's connections on every
 * event loop (invariant 8, "no success from a demoted node").
 *
 * <p>Each node has an epoch. Every request records its node's epoch when it is handed to a
 * connection, and its reply is passed on only if the epoch is still the same when the reply
 * arrives. The control thread calls {@link #distrust} before it publishes a topology in which the
 * node is no longer its shard's verified master, so a reply that arrives after that moment never
 * reaches a client as success, even before the loop has fenced the node's connections. On the
 * hot path this costs one volatile read when a request is written and one when its reply arrives.
 */
public final class TrustEpochs {

    private final ConcurrentHashMap<Endpoint, AtomicInteger> epochs = new ConcurrentHashMap<>();

    /** The epoch counter of {@code node}, created at 0; each NodePool keeps a reference. */
    AtomicInteger of(Endpoint node) {
        return epochs.computeIfAbsent(node, n -> new AtomicInteger());
    }

    /** {@code node} stops being trusted as a master: replies to requests written before now are not passed on. */
    public void distrust(Endpoint node) {
        of(node).incrementAndGet();
    }
}
