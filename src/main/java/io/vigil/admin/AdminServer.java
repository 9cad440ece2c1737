package io.vigil.admin;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.vigil.metrics.Meters;
import io.vigil.server.ProxyView;

import java.net.InetSocketAddress;

/**
 * The admin HTTP listener (off unless {@code --admin-port} or the {@code admin:} config key asks
 * for it; loopback by default). It runs on its own small event loop group, never on the loops
 * that carry client traffic, so a slow scrape cannot delay a request.
 */
public final class AdminServer implements AutoCloseable {

    /** Largest request body accepted (POST /reload has none). */
    static final int MAX_REQUEST_BYTES = 64 * 1024;

    private final AdminRoutes routes;
    private Channel listener;

    public AdminServer(Meters meters, ProxyView view, AdminHooks hooks) {
        this.routes = new AdminRoutes(meters, view, hooks);
    }

    public InetSocketAddress start(EventLoopGroup group, String host, int port) throws InterruptedException {
        listener = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(MAX_REQUEST_BYTES),
                                new AdminHandler(routes));
                    }
                })
                .bind(host, port).sync().channel();
        return (InetSocketAddress) listener.localAddress();
    }

    @Override
    public void close() {
        if (listener != null) {
            listener.close().syncUninterruptibly();
        }
    }
}
