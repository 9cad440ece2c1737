package io.vigil.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.vigil.metrics.MeterNames.ErrorKind;
import io.vigil.protocol.ProtocolError;
import io.vigil.protocol.RespRequest;
import io.vigil.protocol.RespRequestDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of a client channel: feeds decoded requests to the client's session. After a
 * reload replaced the client's pool, the client moves to the new one (same connection, a new
 * session carrying its AUTH, db, protocol and name) as soon as it owes nothing: before its next
 * request, or at the pool's sweep. Until then it keeps the old pool's routing and connections,
 * so requests in flight, transactions and subscriptions finish where they started.
 */
final class FrontendHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(FrontendHandler.class);

    private PoolRuntime pool;
    private final RespRequestDecoder decoder;
    private final long id;
    private ClientSession session;
    /** The connection ended after an error (nutcracker's client_err), not at the client's EOF. */
    private boolean failed;

    FrontendHandler(PoolRuntime pool, RespRequestDecoder decoder, long id) {
        this.pool = pool;
        this.decoder = decoder;
        this.id = id;
    }

    static FrontendHandler of(io.netty.channel.Channel channel) {
        return channel.pipeline().get(FrontendHandler.class);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        while (pool.successor != null) { // accepted while a reload replaced the pool
            pool = pool.successor;
        }
        int limit = pool.config().clientConnections();
        pool.meters.clientOpened();
        pool.meters.root().connectionOpened();
        if (pool.clients.incrementAndGet() > limit && limit > 0) {
            pool.meters.error(ErrorKind.REFUSED);
            ctx.writeAndFlush(Replies.error(ctx.alloc(), ProxyReplies.MAX_CLIENTS))
                    .addListener(io.netty.channel.ChannelFutureListener.CLOSE);
            ctx.channel().config().setAutoRead(false);
            return;
        }
        PoolLoop poolLoop = pool.loop(ctx.channel().eventLoop());
        session = new ClientSession(ctx.channel(), pool, poolLoop, decoder, id);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (session == null) {
            io.netty.util.ReferenceCountUtil.release(msg);
        } else if (msg instanceof RespRequest req) {
            if (pool.successor != null) {
                followReload();
            }
            if (pool.meters.on) {
                pool.meters.clientRequest();
            }
            session.onRequest(req);
        } else if (msg instanceof ProtocolError error) {
            failed = true;
            pool.meters.error(ErrorKind.PROTOCOL_ERROR);
            session.onProtocolError(error.message());
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    /** Moves the client to the newest successor of its pool if it owes nothing and holds no connection. */
    void followReload() {
        PoolRuntime next = pool.successor;
        if (next == null || session == null || pool.draining() || !session.quiet() || session.dedicated != null) {
            return;
        }
        while (next.successor != null) {
            next = next.successor;
        }
        if (!next.settled()) {
            return; // its next request, or the sweep after the new pool's next topology change
        }
        ClientSession was = session;
        PoolRuntime old = pool;
        was.onClosed(); // owns nothing: only leaves its pool loop
        ClientSession moved = new ClientSession(was.channel, next, next.loop(was.channel.eventLoop()), decoder, id);
        moved.setAuthenticated(was.authenticated);
        moved.db = was.db;
        moved.protocol = was.protocol;
        moved.name = was.name;
        moved.replies.off = was.replies.off;
        session = moved;
        next.clients.incrementAndGet();
        old.meters.clientMoved(next.meters);
        pool = next;
        old.left();
        was.channel.config().setAutoRead(true); // the old session may have paused it; the new one decides
        moved.updateReading();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (session != null) {
            session.onWritabilityChanged();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        pool.meters.clientClosed(failed);
        pool.meters.root().connectionClosed();
        if (session != null) {
            session.onClosed();
        }
        pool.left();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("client {} closed after an error", ctx.channel().remoteAddress(), cause);
        failed = true;
        ctx.close();
    }
}
