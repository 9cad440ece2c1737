package io.vigil.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.vigil.metrics.MeterNames.ErrorKind;
import io.vigil.protocol.ProtocolError;
import io.vigil.protocol.RespRequest;
import io.vigil.protocol.RespRequestDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The last handler of a client channel: feeds decoded requests to the client's session. */
final class FrontendHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(FrontendHandler.class);

    private final PoolRuntime pool;
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

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
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

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        session.updateReading();
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        pool.clients.decrementAndGet();
        pool.meters.clientClosed(failed);
        pool.meters.root().connectionClosed();
        if (session != null) {
            session.onClosed();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("client {} closed after an error", ctx.channel().remoteAddress(), cause);
        failed = true;
        ctx.close();
    }
}
