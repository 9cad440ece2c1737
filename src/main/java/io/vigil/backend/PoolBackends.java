package io.vigil.backend;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.ScheduledFuture;
import io.vigil.config.Endpoint;
import io.vigil.metrics.NodeTraffic;
import io.vigil.metrics.PoolMeters;
import io.vigil.protocol.RespReplyDecoder;

import java.util.HashMap;
import java.util.concurrent.TimeUnit;

/**
 * The backend connections of one pool on one event loop. Everything here is confined to that loop,
 * so a client's requests and the connections that carry them never change threads.
 */
public final class PoolBackends {

    private final BackendSettings settings;
    private final EventLoop loop;
    private final LoopFlusher flusher;
    private final Bootstrap base;
    private final HashMap<Endpoint, NodePool> nodes = new HashMap<>();
    private final ScheduledFuture<?> sweeper;
    private final TrustEpochs trust;
    /** Where each connection's traffic is counted, or null when nothing measures. */
    private final PoolMeters meters;

    public PoolBackends(BackendSettings settings, EventLoop loop, LoopFlusher flusher, Transport transport) {
        this(settings, loop, flusher, transport, new TrustEpochs(), null);
    }

    /**
     * {@code trust}: the pool's trust epochs, one instance shared by its loops; {@code meters}: where
     * each connection's traffic is counted, or null.
     */
    public PoolBackends(BackendSettings settings, EventLoop loop, LoopFlusher flusher, Transport transport,
                        TrustEpochs trust, PoolMeters meters) {
        this.settings = settings;
        this.trust = trust;
        this.meters = meters;
        this.loop = loop;
        this.flusher = flusher;
        this.base = new Bootstrap()
                .group(loop)
                .channel(transport.socketChannel())
                .option(ChannelOption.ALLOCATOR, Transport.ALLOCATOR)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.connectTimeout().toMillis());
        if (settings.requestTimeout() != null) {
            long timeoutNanos = settings.requestTimeout().toNanos();
            // sweep ten times per timeout, but not more often than every 10 ms
            long period = Math.max(TimeUnit.MILLISECONDS.toNanos(10), timeoutNanos / 10);
            this.sweeper = loop.scheduleAtFixedRate(() -> sweep(timeoutNanos), period, period, TimeUnit.NANOSECONDS);
        } else {
            this.sweeper = null;
        }
    }

    public BackendSettings settings() {
        return settings;
    }

    TrustEpochs trust() {
        return trust;
    }

    public EventLoop loop() {
        return loop;
    }

    ByteBufAllocator alloc() {
        return Transport.ALLOCATOR;
    }

    /** The connections of this loop to {@code node}, created on first use. */
    public NodePool node(Endpoint node) {
        NodePool pool = nodes.get(node);
        if (pool == null) {
            pool = new NodePool(node, this);
            nodes.put(node, pool);
        }
        return pool;
    }

    /** The connections to {@code node} if any were made on this loop, else null. */
    public NodePool existing(Endpoint node) {
        return nodes.get(node);
    }

    public LoopFlusher flusher() {
        return flusher;
    }

    ChannelFuture connect(BackendConnection connection, Endpoint node) {
        return base.clone()
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new RespReplyDecoder());
                        if (meters != null) {
                            ch.pipeline().addLast(NodeTraffic.of(meters.node(node)));
                        }
                        ch.pipeline().addLast(new BackendHandler(connection, flusher));
                    }
                })
                .connect(node.host(), node.port());
    }

    private void sweep(long timeoutNanos) {
        long now = System.nanoTime();
        for (NodePool pool : nodes.values()) {
            pool.checkTimeouts(now, timeoutNanos);
        }
        flusher.flush();
    }

    /** Closes every connection; called on the loop when the pool shuts down. */
    public void close() {
        if (sweeper != null) {
            sweeper.cancel(false);
        }
        for (NodePool pool : nodes.values()) {
            pool.closeAll();
        }
    }
}
