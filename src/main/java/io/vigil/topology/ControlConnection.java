package io.vigil.topology;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import io.vigil.backend.Transport;
import io.vigil.config.Endpoint;
import io.vigil.protocol.RespReplyDecoder;
import io.vigil.protocol.RespWriter;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A small request/response client for the control plane's own commands to a sentinel or a Redis
 * node: {@code SENTINEL …}, {@code ROLE}, {@code PING}. Calls are pipelined, and since Redis answers
 * in order, a FIFO of futures matches each reply to its call. Replies come back parsed
 * ({@link ReplyParser}); an error reply is a {@link RespError} value, while a timeout or a closed
 * connection fails the future.
 *
 * <p>On a subscribed connection (one given a {@code messages} consumer), RESP2 pub/sub frames —
 * arrays that start with {@code message}, {@code subscribe} and the like — go to that consumer,
 * and everything else (the {@code ["pong", ""]} answer to PING) to the FIFO.
 *
 * <p>Everything runs on the connection's event loop, and every method must be called there. A
 * host name is resolved by Netty's default resolver when connecting.
 */
final class ControlConnection {

    private static final Set<String> PUSH_KINDS =
            Set.of("message", "pmessage", "subscribe", "psubscribe", "unsubscribe", "punsubscribe");

    private final Endpoint endpoint;
    /** Receives pub/sub frames; null on a connection that never subscribes. */
    private final Consumer<List<Object>> messages;
    /** Calls written and not yet answered, oldest first. Failed when the connection closes. */
    private final ArrayDeque<CompletableFuture<Object>> pending = new ArrayDeque<>();
    /** Completes with the reason once the connection is closed, or failed to open. */
    private final CompletableFuture<String> closed = new CompletableFuture<>();
    private Channel channel;
    /** Why the connection closed, or null while it is open. */
    private String closeReason;

    private ControlConnection(Endpoint endpoint, Consumer<List<Object>> messages) {
        this.endpoint = endpoint;
        this.messages = messages;
    }

    /**
     * Connects to {@code endpoint} on {@code loop} within {@code timeout}, sends AUTH first when
     * {@code credentials} are given, and completes once the connection is ready for calls.
     */
    static CompletableFuture<ControlConnection> open(EventLoop loop, Endpoint endpoint, Duration timeout,
                                                     Credentials credentials, Consumer<List<Object>> messages) {
        ControlConnection c = new ControlConnection(endpoint, messages);
        CompletableFuture<ControlConnection> ready = new CompletableFuture<>();
        ChannelFuture connect = new Bootstrap()
                .group(loop)
                .channel(Transport.best().socketChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, timeout.toMillis()))
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new RespReplyDecoder(), c.new Handler());
                    }
                })
                .connect(endpoint.host(), endpoint.port());
        c.channel = connect.channel();
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                c.closeReason = "cannot connect: " + f.cause().getMessage();
                c.closed.complete(c.closeReason);
                ready.completeExceptionally(new IOException(endpoint + ": " + c.closeReason));
            } else if (credentials == null) {
                ready.complete(c);
            } else {
                c.call(timeout, credentials.authCommand()).whenComplete((reply, e) -> {
                    String refused = e != null ? reason(e) : reply instanceof RespError err ? err.message() : null;
                    if (refused == null) {
                        ready.complete(c);
                    } else {
                        c.close("AUTH failed: " + refused);
                        ready.completeExceptionally(new IOException(endpoint + ": AUTH failed: " + refused));
                    }
                });
            }
        });
        return ready;
    }

    Endpoint endpoint() {
        return endpoint;
    }

    /** Sends one command; the reply, or a failure after {@code timeout} or when the connection closes. */
    CompletableFuture<Object> call(Duration timeout, String... args) {
        CompletableFuture<Object> reply = new CompletableFuture<>();
        if (closeReason != null) {
            reply.completeExceptionally(new IOException(endpoint + ": " + closeReason));
            return reply;
        }
        pending.add(reply);
        send(args);
        ScheduledFuture<?> timer = channel.eventLoop().schedule(() -> reply.completeExceptionally(
                new TimeoutException(endpoint + ": no reply to " + args[0] + " within " + timeout.toMillis() + " ms")),
                timeout.toNanos(), TimeUnit.NANOSECONDS);
        reply.whenComplete((v, e) -> timer.cancel(false));
        return reply;
    }

    /** Sends one command whose answers arrive as messages ({@code SUBSCRIBE}), not as a reply. */
    void send(String... args) {
        if (closeReason != null) {
            return;
        }
        channel.writeAndFlush(RespWriter.command(channel.alloc(), args)).addListener(f -> {
            if (!f.isSuccess()) {
                close("write failed: " + f.cause());
            }
        });
    }

    /** Completes with the reason when the connection has closed. */
    CompletableFuture<String> closeFuture() {
        return closed;
    }

    void close(String why) {
        if (closeReason == null) {
            closeReason = why;
        }
        channel.close();
    }

    /** The message of a failure, without the CompletionException around it. */
    static String reason(Throwable t) {
        Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        return cause.getMessage() != null ? cause.getMessage() : cause.toString();
    }

    private void dispatch(Object value) {
        if (messages != null && value instanceof List<?> list && !list.isEmpty()
                && list.get(0) instanceof String kind && PUSH_KINDS.contains(kind)) {
            @SuppressWarnings("unchecked")
            List<Object> message = (List<Object>) list;
            messages.accept(message);
            return;
        }
        CompletableFuture<Object> call = pending.poll();
        if (call == null) {
            close("a reply that no call asked for: " + value);
        } else {
            call.complete(value);
        }
    }

    private final class Handler extends ChannelInboundHandlerAdapter {

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf frame = (ByteBuf) msg;
            Object value;
            try {
                value = ReplyParser.parse(frame);
            } catch (RuntimeException e) {
                close("unreadable reply: " + e.getMessage());
                return;
            } finally {
                frame.release();
            }
            dispatch(value);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (closeReason == null) {
                closeReason = "closed by " + endpoint;
            }
            IOException failure = new IOException(endpoint + ": " + closeReason);
            CompletableFuture<Object> call;
            while ((call = pending.poll()) != null) {
                call.completeExceptionally(failure);
            }
            closed.complete(closeReason);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            close(cause.getMessage() != null ? cause.getMessage() : cause.toString());
        }
    }
}
