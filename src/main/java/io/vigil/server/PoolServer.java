package io.vigil.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.vigil.backend.Transport;
import io.vigil.config.Limits;
import io.vigil.config.PoolConfig;
import io.vigil.protocol.RespRequestDecoder;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The listener of one pool. A reload that changes the pool (but not its address) swaps the
 * runtime new clients get; the socket stays open, so no connection attempt is refused meanwhile.
 */
final class PoolServer {

    private volatile PoolRuntime pool;
    private final Transport transport;
    private final AtomicLong clientIds;
    private Channel listener;
    private final AtomicBoolean listening = new AtomicBoolean();

    PoolServer(PoolRuntime pool, Transport transport, AtomicLong clientIds) {
        this.pool = pool;
        this.transport = transport;
        this.clientIds = clientIds;
    }

    InetSocketAddress bind(EventLoopGroup group) throws InterruptedException {
        PoolConfig config = pool.config();
        Limits limits = config.limits();
        long high = Math.min(Integer.MAX_VALUE, limits.maxClientOutputBytes());
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, config.backlog())
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.ALLOCATOR, Transport.ALLOCATOR)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, config.tcpKeepalive())
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark((int) (high / 2), (int) high))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        PoolRuntime now = pool;
                        Limits current = now.config().limits();
                        RespRequestDecoder decoder = new RespRequestDecoder(
                                current.maxBulkBytes(), current.maxArgs(), current.maxInlineBytes());
                        ch.pipeline().addLast(decoder, new FrontendHandler(now, decoder, clientIds.incrementAndGet()));
                    }
                });
        if (config.reusePort() && transport == Transport.EPOLL) {
            b.option(EpollChannelOption.SO_REUSEPORT, true);
        }
        listener = b.bind(config.listen().host(), config.listen().port()).sync().channel();
        listening.set(true);
        pool.meters.root().connectionOpened();
        return (InetSocketAddress) listener.localAddress();
    }

    InetSocketAddress address() {
        return (InetSocketAddress) listener.localAddress();
    }

    PoolRuntime runtime() {
        return pool;
    }

    /** New clients go to {@code next}; the clients of the old runtime follow as they become quiet. */
    void replace(PoolRuntime next) {
        PoolRuntime old = pool;
        pool = next;
        old.retire(next);
    }

    /** Stops accepting clients; those connected stay. */
    void closeListener() {
        if (listener != null && listening.compareAndSet(true, false)) {
            listener.close().syncUninterruptibly();
            pool.meters.root().connectionClosed(); // nutcracker counts its listeners as connections
        }
    }

    void close() {
        closeListener();
        pool.close();
    }
}
