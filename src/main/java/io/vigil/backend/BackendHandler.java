package io.vigil.backend;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/** The last handler of a backend channel: hands reply frames to their connection. */
final class BackendHandler extends ChannelInboundHandlerAdapter {

    private final BackendConnection connection;
    private final LoopFlusher flusher;

    BackendHandler(BackendConnection connection, LoopFlusher flusher) {
        this.connection = connection;
        this.flusher = flusher;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        connection.onConnected();
        flusher.flush();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        connection.onFrame((ByteBuf) msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        connection.fail(BackendErrors.connectionLost(connection.node(), true),
                BackendErrors.connectionLost(connection.node(), false));
        flusher.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        String why = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        connection.fail("ERR Vigil: connection to " + connection.node() + " failed (" + why
                + "); the outcome of the command is unknown", BackendErrors.connectionLost(connection.node(), false));
        flusher.flush();
    }
}
