package dev.postern.core.ingress;

import dev.postern.core.net.Networks;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the PROXY protocol header (v1 or v2) a trusted load balancer sends first, and makes the
 * client it names the connection's {@link ClientAddress}. Installed at the head of the pipeline
 * right after netty's {@link HAProxyMessageDecoder}
 * ({@link ListenerIngress#install}); holds back {@code channelActive} until the
 * header was read, so the limiter counts the real client and the front greets only then. A peer
 * outside the trusted proxies, a malformed header or none within the timeout closes the connection.
 * Once done, both stages are gone from the pipeline; bytes after the header flow on unchanged.
 *
 * <p>A {@code LOCAL} command (a health check by the balancer itself) or an {@code UNKNOWN} source keeps
 * the TCP peer as the client.
 */
public final class ProxyProtocolStage extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ProxyProtocolStage.class);

    private final Networks trustedProxies;
    private final Duration headerTimeout;
    private ScheduledFuture<?> timeout;
    private boolean done;

    public ProxyProtocolStage(Networks trustedProxies, Duration headerTimeout) {
        this.trustedProxies = Objects.requireNonNull(trustedProxies, "trustedProxies");
        this.headerTimeout = Objects.requireNonNull(headerTimeout, "headerTimeout");
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        SocketAddress peer = ctx.channel().remoteAddress();
        InetAddress address = peer instanceof InetSocketAddress inet ? inet.getAddress() : null;
        if (address == null || !trustedProxies.contains(address)) {
            LOG.warn("PROXY protocol listener: connection from untrusted {} closed", peer);
            fail(ctx);
            return;
        }
        timeout = ctx.executor().schedule(() -> {
            LOG.info("PROXY protocol header from {} not received within {}; closed", peer, headerTimeout);
            fail(ctx);
        }, headerTimeout.toMillis(), TimeUnit.MILLISECONDS);
        // channelActive is held back until the header arrives
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (done) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (!(msg instanceof HAProxyMessage header)) {
            ReferenceCountUtil.release(msg);
            fail(ctx);
            return;
        }
        try {
            if (header.command() == HAProxyCommand.PROXY && header.sourceAddress() != null) {
                ctx.channel().attr(ClientAddress.PROXIED).set(
                        new InetSocketAddress(InetAddress.getByName(header.sourceAddress()), header.sourcePort()));
            }
        } catch (java.net.UnknownHostException | SecurityException bad) {
            fail(ctx); // the decoder validated the address; a literal never needs a lookup
            return;
        } finally {
            header.release();
        }
        done = true;
        cancelTimeout();
        ctx.pipeline().remove(this);
        ctx.fireChannelActive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (done) {
            ctx.fireExceptionCaught(cause);
            return;
        }
        LOG.info("PROXY protocol header from {} rejected: {}", ctx.channel().remoteAddress(), cause.getMessage());
        fail(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelTimeout();
        if (done) {
            ctx.fireChannelInactive();
        }
        // never active downstream: nothing after this stage has to hear that it closed
    }

    private void fail(ChannelHandlerContext ctx) {
        cancelTimeout();
        ctx.channel().config().setAutoRead(false);
        ctx.close();
    }

    private void cancelTimeout() {
        if (timeout != null) {
            timeout.cancel(false);
            timeout = null;
        }
    }
}
