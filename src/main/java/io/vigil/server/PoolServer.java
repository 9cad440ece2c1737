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
import java.util.concurrent.atomic.AtomicLong;

/** The listener of one pool. */
final class PoolServer {

    private final PoolRuntime pool;
    private final Transport transport;
    private final AtomicLong clientIds;
    private Channel listener;

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
                        RespRequestDecoder decoder = new RespRequestDecoder(
                                limits.maxBulkBytes(), limits.maxArgs(), limits.maxInlineBytes());
                        ch.pipeline().addLast(decoder, new FrontendHandler(pool, decoder, clientIds.incrementAndGet()));
                    }
                });
        if (config.reusePort() && transport == Transport.EPOLL) {
            b.option(EpollChannelOption.SO_REUSEPORT, true);
        }
        listener = b.bind(config.listen().host(), config.listen().port()).sync().channel();
        return (InetSocketAddress) listener.localAddress();
    }

    PoolRuntime runtime() {
        return pool;
    }

    void close() {
        if (listener != null) {
            listener.close().syncUninterruptibly();
        }
        pool.close();
    }
}
