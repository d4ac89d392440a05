package dev.postern.core.upstream;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The last stage of an upstream connection opened before any login ({@link WarmUpstreams}): holds
 * what the server says first (its greeting, at most {@link #MAX_HELD} bytes) until a login takes
 * the connection, and leaves then, handing what it holds to the login dialogue's framer as if it
 * had just arrived. Tells its pool when the connection is ready (a whole line held) and when it
 * ends; closes it once {@code maxAge} has passed without a login, before the server's own
 * pre-login timeout does.
 */
final class ParkedUpstream extends ChannelInboundHandlerAdapter {

    /** A greeting is one line; a server that says more before any command is not kept. */
    static final int MAX_HELD = 4096;

    /** What a parked connection tells the pool it belongs to (always on the connection's event loop). */
    interface Pool {
        void ready(Channel upstream);

        /** The connection ended before a login took it (failed, refused, expired or closed by the server). */
        void gone(Channel upstream, boolean wasReady);
    }

    private final Pool pool;
    private final Duration maxAge;
    private ByteBuf held;
    private boolean ready;
    private ScheduledFuture<?> expiry;

    ParkedUpstream(Pool pool, Duration maxAge) {
        this.pool = pool;
        this.maxAge = maxAge;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        Channel channel = ctx.channel();
        expiry = ctx.executor().schedule(() -> {
            channel.close();
        }, maxAge.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf buf)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        held = held == null ? buf : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), held, buf);
        if (held.readableBytes() > MAX_HELD) {
            ctx.channel().close();
            return;
        }
        if (!ready && held.indexOf(held.readerIndex(), held.writerIndex(), (byte) '\n') >= 0) {
            ready = true;
            pool.ready(ctx.channel());
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent handshake && !handshake.isSuccess()) {
            ctx.channel().close();
            return;
        }
        ReferenceCountUtil.release(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.channel().close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        release();
        cancelExpiry();
        pool.gone(ctx.channel(), ready);
    }

    /** Taken by a login (or torn down): what is held goes on to the next stage, the framer. */
    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancelExpiry();
        ByteBuf out = held;
        held = null;
        if (out != null && ctx.channel().isActive()) {
            ctx.fireChannelRead(out);
            ctx.fireChannelReadComplete();
        } else if (out != null) {
            out.release();
        }
    }

    private void cancelExpiry() {
        if (expiry != null) {
            expiry.cancel(false);
            expiry = null;
        }
    }

    private void release() {
        if (held != null) {
            held.release();
            held = null;
        }
    }
}
