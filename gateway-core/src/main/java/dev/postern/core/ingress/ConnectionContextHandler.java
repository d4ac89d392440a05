package dev.postern.core.ingress;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/**
 * First stage of a client pipeline: attaches the {@link ConnectionContext} and puts it in the MDC
 * around every event passing through, so every handler after it logs with the connection's id,
 * protocol, client IP and phase. Events start at the socket, so TLS added at the very head later
 * (STARTTLS) runs before it; what TLS passes on still gets the context.
 */
public final class ConnectionContextHandler extends ChannelDuplexHandler {

    private final String protocol;

    public ConnectionContextHandler(String protocol) {
        this.protocol = protocol;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        ConnectionContext.attach(ctx.channel(), protocol);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        around(ctx, ctx::fireChannelActive);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        around(ctx, ctx::fireChannelInactive);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        around(ctx, () -> ctx.fireChannelRead(msg));
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        around(ctx, ctx::fireChannelReadComplete);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        around(ctx, ctx::fireChannelWritabilityChanged);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        around(ctx, () -> ctx.fireUserEventTriggered(evt));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        around(ctx, () -> ctx.fireExceptionCaught(cause));
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        around(ctx, () -> ctx.close(promise));
    }

    private static void around(ChannelHandlerContext ctx, Runnable event) {
        ConnectionContext.run(ctx.channel(), event);
    }
}
