package io.vigil.server;

import io.netty.channel.EventLoop;
import io.vigil.backend.LoopFlusher;

import java.util.concurrent.ConcurrentHashMap;

/** Per-event-loop state that every pool on the loop shares. */
final class Loops {

    private final ConcurrentHashMap<EventLoop, LoopFlusher> flushers = new ConcurrentHashMap<>();

    LoopFlusher flusher(EventLoop loop) {
        return flushers.computeIfAbsent(loop, LoopFlusher::new);
    }
}
