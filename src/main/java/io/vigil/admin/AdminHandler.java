package io.vigil.admin;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/** One admin HTTP connection: each request goes to {@link AdminRoutes}, each answer back in order. */
final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private final AdminRoutes routes;

    AdminHandler(AdminRoutes routes) {
        this.routes = routes;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        routes.answer(request).whenComplete((answer, error) -> {
            AdminRoutes.Answer a = error == null ? answer : AdminRoutes.Answer.error(500, String.valueOf(error));
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, a.status(),
                    Unpooled.wrappedBuffer(a.body()));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, a.contentType());
            response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
            HttpUtil.setContentLength(response, a.body().length);
            HttpUtil.setKeepAlive(response, keepAlive);
            if (ctx.executor().inEventLoop()) {
                write(ctx, response, keepAlive);
            } else {
                ctx.executor().execute(() -> write(ctx, response, keepAlive));
            }
        });
    }

    private static void write(ChannelHandlerContext ctx, FullHttpResponse response, boolean keepAlive) {
        if (keepAlive) {
            ctx.writeAndFlush(response);
        } else {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
