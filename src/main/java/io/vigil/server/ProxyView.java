package io.vigil.server;

import io.vigil.metrics.PoolState;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * What the admin API may see of a running Vigil: each pool's topology and its clients. Reads
 * only; the client list is gathered on each event loop, since sessions are confined to theirs.
 */
public final class ProxyView {

    /**
     * One client that is not simply idle or in flight.
     *
     * @param state {@code held} (waiting for a master), {@code pinned} (a dedicated connection:
     *     transaction or blocking command), {@code subscribed} (pub/sub or MONITOR)
     */
    public record ClientInfo(String pool, long id, String address, String state) {
    }

    /** The pools new clients get now: a reload replaces, adds and removes them. */
    private final Supplier<List<PoolRuntime>> current;

    ProxyView(Supplier<List<PoolRuntime>> current) {
        this.current = current;
    }

    /** Every pool's topology now, in config order. */
    public List<PoolState> pools() {
        List<PoolState> out = new ArrayList<>();
        for (PoolRuntime p : current.get()) {
            out.add(p.meters.state());
        }
        return out;
    }

    /** Ready: every shard of every pool has a verified master. */
    public boolean ready() {
        for (PoolRuntime p : current.get()) {
            if (p.topology() == null) {
                return false;
            }
            for (var shard : p.topology().shards()) {
                if (!shard.writable()) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Clients connected, per pool. */
    public Map<String, Integer> clientCounts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (PoolRuntime p : current.get()) {
            counts.put(p.config().name(), p.clients.get());
        }
        return counts;
    }

    /** The clients held or pinned, gathered on their event loops. */
    public CompletableFuture<List<ClientInfo>> heldOrPinned() {
        List<CompletableFuture<List<ClientInfo>>> parts = new ArrayList<>();
        for (PoolRuntime p : current.get()) {
            p.loops().forEach((loop, state) -> {
                CompletableFuture<List<ClientInfo>> part = new CompletableFuture<>();
                parts.add(part);
                try {
                    loop.execute(() -> part.complete(state.describeClients()));
                } catch (RuntimeException shutDown) {
                    part.complete(List.of());
                }
            });
        }
        return CompletableFuture.allOf(parts.toArray(new CompletableFuture<?>[0])).thenApply(v -> {
            List<ClientInfo> all = new ArrayList<>();
            parts.forEach(f -> all.addAll(f.join()));
            return all;
        });
    }
}
