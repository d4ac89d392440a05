package dev.postern.core.ingress;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline side of {@link ConnectionLimiter}: on {@code channelActive} (after the PROXY header,
 * when there is one, so the real client counts) it takes a slot or writes the protocol's refusal and
 * closes without passing {@code channelActive} on, so the front never greets a refused client. One
 * instance serves every channel of a protocol; it stays in the pipeline to give the slot back.
 */
@ChannelHandler.Sharable
public final class ConnectionGate extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionGate.class);

    private final ConnectionLimiter limiter;
    private final byte[] refusal;
    private final Consumer<ConnectionLimiter.Verdict> onRefusal;

    /**
     * @param refusalLine the protocol's last line for a refused client (e.g. {@code * BYE [LIMIT] ...}),
     *                    or null to close silently (implicit TLS, where plaintext would be noise)
     * @param onRefusal   told of every refusal (metrics); may do nothing
     */
    public ConnectionGate(ConnectionLimiter limiter, String refusalLine, Consumer<ConnectionLimiter.Verdict> onRefusal) {
        this.limiter = Objects.requireNonNull(limiter, "limiter");
        this.refusal = refusalLine == null ? null : refusalLine.getBytes(StandardCharsets.US_ASCII);
        this.onRefusal = Objects.requireNonNull(onRefusal, "onRefusal");
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        InetAddress client = ClientAddress.of(ctx.channel()).getAddress();
        ConnectionLimiter.Verdict verdict = limiter.admit(client);
        if (verdict == ConnectionLimiter.Verdict.ADMITTED) {
            ctx.channel().closeFuture().addListener(closed -> limiter.release(client));
            ctx.fireChannelActive();
            return;
        }
        LOG.info("connection from {} refused: {}", ClientAddress.ip(ctx.channel()), verdict.name().toLowerCase());
        onRefusal.accept(verdict);
        ctx.channel().config().setAutoRead(false);
        if (refusal == null) {
            ctx.close();
        } else {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(refusal)).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
