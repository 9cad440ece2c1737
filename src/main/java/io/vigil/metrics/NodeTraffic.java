package io.vigil.metrics;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

import java.net.SocketAddress;

/**
 * Counts one backend connection's traffic into its node's {@link NodeMeters}, from inside the
 * backend pipeline (between the reply decoder and the connection's handler), so the data path's
 * classes need not know about metrics. Confined to the connection's event loop.
 *
 * <p>Every {@link ByteBuf} written is one request (Vigil writes each request frame alone) and
 * every frame the decoder passes up is one reply; the sizes of requests written and not yet
 * answered are kept in a small ring for nutcracker's {@code out_queue_bytes}.
 */
public final class NodeTraffic extends ChannelDuplexHandler {

    private final NodeMeters node;
    private final Meters root;
    /** Sizes of requests written and not yet answered, oldest at head. Grows, never shrinks. */
    private int[] sizes = new int[16];
    private int head;
    private int count;
    private boolean active;
    private boolean closedByUs;

    NodeTraffic(NodeMeters node, Meters root) {
        this.node = node;
        this.root = root;
    }

    /** The handler for a new connection to {@code node}. */
    public static NodeTraffic of(NodeMeters node) {
        return new NodeTraffic(node, node.pool.root);
    }

    /** The pool's request timeout closed this connection; call before closing it. */
    public static void timedOut(io.netty.channel.Channel channel) {
        NodeTraffic t = channel == null ? null : channel.pipeline().get(NodeTraffic.class);
        if (t != null) {
            t.node.timeouts.increment();
        }
    }

    @Override
    public void connect(ChannelHandlerContext ctx, SocketAddress remote, SocketAddress local, ChannelPromise promise) {
        root.connectionOpened();
        promise.addListener(f -> {
            if (!f.isSuccess()) {
                root.connectionClosed();
                node.lost(false);
            }
        });
        ctx.connect(remote, local, promise);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        active = true;
        node.connections.increment();
        node.connectionsOpened.increment();
        ctx.fireChannelActive();
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf buf) {
            int bytes = buf.readableBytes();
            node.requests.increment();
            node.requestBytes.add(bytes);
            node.outQueue.increment();
            node.outQueueBytes.add(bytes);
            push(bytes);
        }
        ctx.write(msg, promise);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf) {
            int bytes = buf.readableBytes();
            node.responses.increment();
            node.responseBytes.add(bytes);
            if (bytes > 0 && buf.getByte(buf.readerIndex()) == '-') {
                node.errorReplies.increment();
            }
            if (count > 0) {
                node.outQueue.decrement();
                node.outQueueBytes.add(-pop());
            }
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        closedByUs = true;
        ctx.close(promise);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!closedByUs) {
            closedByUs = true; // counted here, not again as an EOF
            node.lost(false);
        }
        ctx.fireExceptionCaught(cause);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (active) {
            active = false;
            node.connections.decrement();
            if (!closedByUs) {
                node.lost(true);
            }
            root.connectionClosed();
        }
        int unanswered = count;
        long bytes = 0;
        while (count > 0) {
            bytes += pop();
        }
        node.outQueue.add(-unanswered);
        node.outQueueBytes.add(-bytes);
        ctx.fireChannelInactive();
    }

    private void push(int bytes) {
        if (count == sizes.length) {
            int[] grown = new int[sizes.length * 2];
            for (int i = 0; i < count; i++) {
                grown[i] = sizes[(head + i) % sizes.length];
            }
            sizes = grown;
            head = 0;
        }
        sizes[(head + count) % sizes.length] = bytes;
        count++;
    }

    private int pop() {
        int bytes = sizes[head];
        head = (head + 1) % sizes.length;
        count--;
        return bytes;
    }
}
