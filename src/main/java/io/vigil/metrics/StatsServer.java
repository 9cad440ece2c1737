package io.vigil.metrics;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.ScheduledFuture;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * nutcracker's stats port: raw TCP, not HTTP. Each connection gets one JSON document
 * ({@link NutcrackerStats}) and is closed; nothing is read from it. As in nutcracker, the
 * counters in the document are those aggregated at the last stats interval ({@code -i}), while
 * {@code uptime} and {@code timestamp} are of the moment of sending.
 */
public final class StatsServer implements AutoCloseable {

    public static final int DEFAULT_PORT = 22222;
    public static final String DEFAULT_ADDR = "0.0.0.0";
    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(30_000);

    private final Meters meters;
    private final String source = hostname();
    private final String version;
    private volatile String aggregate;
    private Channel listener;
    private ScheduledFuture<?> aggregation;

    public StatsServer(Meters meters, String version) {
        this.meters = meters;
        this.version = version;
        this.aggregate = NutcrackerStats.pools(meters);
    }

    /** Listens on {@code host:port} and aggregates every {@code interval}; returns the bound address. */
    public InetSocketAddress start(EventLoopGroup group, String host, int port, Duration interval)
            throws InterruptedException {
        long ms = Math.max(1, interval.toMillis());
        aggregation = group.next().scheduleAtFixedRate(
                () -> aggregate = NutcrackerStats.pools(meters), ms, ms, TimeUnit.MILLISECONDS);
        listener = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.AUTO_READ, false)
                .childHandler(new SendAndClose())
                .bind(host, port).sync().channel();
        return (InetSocketAddress) listener.localAddress();
    }

    /** The document a connection would get now. */
    public String document() {
        return NutcrackerStats.document(meters, source, version, aggregate);
    }

    /** nutcracker -D: the description of every stat. */
    public static String describe() {
        return NutcrackerStats.describe();
    }

    @Override
    public void close() {
        if (aggregation != null) {
            aggregation.cancel(false);
        }
        if (listener != null) {
            listener.close().syncUninterruptibly();
        }
    }

    /** nutcracker's "source": the host name (gethostname), without a DNS lookup when Linux tells it. */
    private static String hostname() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        } catch (IOException | RuntimeException e) {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (IOException unknown) {
                return "localhost";
            }
        }
    }

    @ChannelHandler.Sharable
    private final class SendAndClose extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(document().getBytes(StandardCharsets.UTF_8)))
                    .addListener(ChannelFutureListener.CLOSE);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
