package io.vigil.backend;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/** The native epoll transport where it loads, NIO otherwise. Chosen once per process. */
public enum Transport {
    EPOLL, NIO;

    /**
     * The buffers of client and backend channels. Netty 4.2's default is its adaptive allocator;
     * side by side on the benchmark machine the pooled one used 10-15 % less CPU per request at
     * {@code -P 16} and about 7 % less for 100-key MGETs split over 3 shards, and the same at
     * {@code -P 1} within the noise (BENCHMARKS.md, "JVM and Netty settings"). Netty's own
     * {@code -Dio.netty.allocator.type}, when given, wins.
     */
    public static final ByteBufAllocator ALLOCATOR = System.getProperty("io.netty.allocator.type") == null
            ? PooledByteBufAllocator.DEFAULT : ByteBufAllocator.DEFAULT;

    public static Transport best() {
        return Epoll.isAvailable() && !Boolean.getBoolean("vigil.nio") ? EPOLL : NIO;
    }

    public EventLoopGroup newGroup(int threads, String name) {
        IoHandlerFactory factory = this == EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), factory);
    }

    public Class<? extends SocketChannel> socketChannel() {
        return this == EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    public Class<? extends ServerChannel> serverChannel() {
        return this == EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }
}
