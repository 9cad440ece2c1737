package io.vigil.server;

import io.netty.channel.EventLoop;
import io.vigil.backend.BackendSettings;
import io.vigil.backend.LoopFlusher;
import io.vigil.backend.PoolBackends;
import io.vigil.backend.Transport;
import io.vigil.command.CommandTable;
import io.vigil.command.Planner;
import io.vigil.config.Endpoint;
import io.vigil.config.PoolConfig;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** What the sessions of one pool share: its config, command table, and per-loop backends. */
final class PoolRuntime {

    private final PoolConfig config;
    private final CommandTable table;
    private final Planner planner;
    private final BackendSettings settings;
    private final Transport transport;
    private final Loops loops;
    private final ConcurrentHashMap<EventLoop, PoolBackends> backends = new ConcurrentHashMap<>();
    final AtomicInteger clients = new AtomicInteger();

    PoolRuntime(PoolConfig config, CommandTable table, Planner planner, Transport transport, Loops loops) {
        this.config = config;
        this.table = table;
        this.planner = planner;
        this.settings = BackendSettings.of(config);
        this.transport = transport;
        this.loops = loops;
    }

    PoolConfig config() {
        return config;
    }

    CommandTable table() {
        return table;
    }

    Planner planner() {
        return planner;
    }

    /** The master of the pool's only shard. */
    Endpoint master() {
        return config.servers().get(0).master();
    }

    LoopFlusher flusher(EventLoop loop) {
        return loops.flusher(loop);
    }

    /** This pool's backends on {@code loop}, created by the first client on it. */
    PoolBackends backends(EventLoop loop) {
        return backends.computeIfAbsent(loop, l -> new PoolBackends(settings, l, loops.flusher(l), transport));
    }

    void close() {
        backends.forEach((loop, b) -> loop.execute(b::close));
    }
}
