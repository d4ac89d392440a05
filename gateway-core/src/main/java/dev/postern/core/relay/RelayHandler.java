package dev.postern.core.relay;

import dev.postern.core.ingress.ShutdownAware;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One direction of a spliced session: what this channel reads is written to the peer, and the
 * next read is requested only once that write has gone out. With {@code AUTO_READ} off on both
 * channels, a side that stops reading stops the other side's reads too, so the gateway holds at
 * most one chunk per direction however fast the other peer is.
 *
 * <p>No field needs {@code volatile}: both channels of a session share one event loop, so every
 * callback here runs on that one thread.
 */
final class RelayHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(RelayHandler.class);

    private final Channel peer;
    private final SessionListener listener;
    private final SessionListener.Direction direction;
    /** Whether the last chunk written to the peer ended a line (one byte looked at per chunk). */
    private boolean atLineEnd = true;

    RelayHandler(Channel peer, SessionListener listener, SessionListener.Direction direction) {
        this.peer = peer;
        this.listener = listener;
        this.direction = direction;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!peer.isActive()) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof io.netty.buffer.ByteBuf buf) {
            listener.relayed(direction, buf.readableBytes());
            if (buf.isReadable()) {
                atLineEnd = buf.getByte(buf.writerIndex() - 1) == '\n';
            }
        }
        peer.writeAndFlush(msg).addListener((ChannelFutureListener) written -> {
            if (written.isSuccess()) {
                ctx.channel().read();
            } else {
                written.channel().close();
                ctx.channel().close();
            }
        });
    }

    /** True when nothing was relayed yet or the last chunk relayed ended with a line feed. */
    boolean atLineEnd() {
        return atLineEnd;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        listener.closedBy(direction.from());
        closeOnFlush(peer);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent || evt == ShutdownAware.GRACE_PERIOD_OVER) {
            listener.closedBy(evt == ShutdownAware.GRACE_PERIOD_OVER ? SessionListener.Cause.SHUTDOWN : SessionListener.Cause.IDLE);
            ctx.channel().close();
            peer.close();
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("relay {} closed after an error: {}", direction, cause.toString());
        closeOnFlush(ctx.channel());
    }

    static void closeOnFlush(Channel channel) {
        if (channel.isActive()) {
            channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
