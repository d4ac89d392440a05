package dev.postern.core.upstream;

import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.channel.socket.nio.NioSocketChannel;
import jdk.net.ExtendedSocketOptions;

/**
 * Upstream side, during the login dialogue only: acknowledges every upstream segment at once
 * (Linux {@code TCP_QUICKACK}, re-armed on each read because the kernel clears it).
 *
 * <p>Many mail servers write a reply in several small writes with Nagle's algorithm on
 * ({@code * CAPABILITY ...}, then {@code tag OK}; an EHLO reply line by line; TLS handshake
 * records). The second write waits until the first is acknowledged, and a receiver that has
 * nothing to send delays its acknowledgement by up to 40 ms, so every such reply would cost the
 * login dialogue 40 ms. The relay removes this stage: after login the client's own traffic sets
 * the pace, as it would talking to the server directly. Where the option is not available (not
 * Linux) this stage does nothing.
 */
@ChannelHandler.Sharable
public final class QuickAck extends ChannelInboundHandlerAdapter {

    public static final QuickAck INSTANCE = new QuickAck();

    private static final ChannelOption<Boolean> NIO_QUICKACK = NioChannelOption.of(ExtendedSocketOptions.TCP_QUICKACK);

    private QuickAck() {
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        arm(ctx.channel());
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        arm(ctx.channel());
        ctx.fireChannelRead(msg);
    }

    /** Acknowledges what has arrived now and the next segments without delay; false where unsupported. */
    static boolean arm(Channel channel) {
        try {
            if (channel instanceof EpollSocketChannel epoll) {
                epoll.config().setTcpQuickAck(true);
                return true;
            }
            if (channel instanceof NioSocketChannel) {
                return channel.config().setOption(NIO_QUICKACK, true); // false where the JDK does not support it
            }
        } catch (ChannelException | UnsupportedOperationException e) {
            // closed meanwhile, or not supported: an optimisation only
        }
        return false;
    }
}
