package dev.postern.core.front;

import dev.postern.core.ingress.ShutdownAware;
import dev.postern.core.pipeline.PipelineNames;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the IMAP and SMTP fronts share before login: the pre-auth timer, the TLS events (decoding
 * resumes once an upgrade is done; a failed handshake is counted and closes the connection), the
 * STARTTLS upgrade itself, the shutdown notice, and the {@link LoginFront} plumbing of the shared
 * {@link LoginFlow}. Subclasses answer the protocol's commands in the protocol's words.
 *
 * <p>Confined to the channel's event loop: no field needs to be volatile.
 *
 * @param <D> the protocol's pre-auth decoder, found in the pipeline under {@link PipelineNames#DECODER}
 */
public abstract class PreAuthFront<D extends SuspendableDecoder> extends ChannelInboundHandlerAdapter
        implements LoginFront, ShutdownAware {

    private static final Logger LOG = LoggerFactory.getLogger(PreAuthFront.class);

    private final Class<D> decoderType;
    private final String listener;
    private ChannelHandlerContext ctx;
    private D decoder;
    private LoginServices services;
    private LoginFlow login;
    private boolean tlsActive;
    private ScheduledFuture<?> preAuthTimer;

    /**
     * @param tlsFromTheStart true on an implicit-TLS listener: the connection is protected before the greeting
     * @param listener        the listener's address, for the audit log
     */
    protected PreAuthFront(Class<D> decoderType, boolean tlsFromTheStart, String listener) {
        this.decoderType = Objects.requireNonNull(decoderType, "decoderType");
        this.tlsActive = tlsFromTheStart;
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    // --- the protocol's part ---------------------------------------------------------------------

    /** The login flow's collaborators for this connection; asked once, when the handler is added. */
    protected abstract LoginServices loginServices();

    /** The protocol's login replies; asked once, when the handler is added. */
    protected abstract LoginReplies loginReplies();

    /** Sends the greeting; called when the connection becomes active. */
    protected abstract void greet();

    /** The pre-auth timeout passed without a login: say so and close. */
    protected abstract void onPreAuthTimeout();

    /** The gateway stops while this client has not logged in: say so and close. */
    protected abstract void onShutdown();

    protected abstract Duration preAuthTimeout();

    /** A reply's text as the bytes the protocol sends. */
    protected abstract ByteBuf encode(String text);

    // --- the channel's life ----------------------------------------------------------------------

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.decoder = decoderType.cast(ctx.pipeline().get(PipelineNames.DECODER));
        this.services = loginServices();
        this.login = new LoginFlow(services, this, loginReplies(), listener);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        greet();
        preAuthTimer = ctx.executor().schedule(this::onPreAuthTimeout, preAuthTimeout().toMillis(), TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelPreAuthTimer();
        login.clientGone();
        ctx.fireChannelInactive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent handshake) {
            if (handshake.isSuccess()) {
                if (!tlsActive) {
                    tlsActive = true;
                    decoder.resume();
                }
            } else {
                LOG.debug("{}: TLS handshake with {} failed: {}", services.protocol(), ctx.channel().remoteAddress(),
                        handshake.cause().toString());
                services.metrics().tlsHandshakeFailed(services.protocol(), handshake.cause());
                ctx.close();
            }
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("{}: closing the connection from {} after an error: {}", services.protocol(),
                ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    /** A stop was asked for: a client still before login is told so and let go; a relayed one drains. */
    @Override
    public final void shuttingDown() {
        if (ctx != null && !ctx.isRemoved()) {
            onShutdown();
        }
    }

    // --- for the protocol ------------------------------------------------------------------------

    /** Whether the connection is protected by TLS now (implicit, or a finished upgrade). */
    protected final boolean tlsActive() {
        return tlsActive;
    }

    /** TLS is in place or being negotiated: another STARTTLS must be refused. */
    protected final boolean tlsActiveOrStarting() {
        return tlsActive || ctx.pipeline().get(PipelineNames.TLS) != null;
    }

    /**
     * Starts the server side of STARTTLS, before the protocol's "go ahead" reply is written.
     * Everything the client pipelined behind STARTTLS is hostile (CVE-2011-0411): it is dropped, and
     * nothing is decoded until the handshake is done. From here on every inbound byte goes through
     * TLS; the next write (the go-ahead) is the one the SslHandler lets out in clear (startTls = true).
     */
    protected final void upgradeToTls(SslContext context, Duration handshakeTimeout) {
        decoder.discardBuffered();
        decoder.suspend();
        SslHandler ssl = new SslHandler(context.newEngine(ctx.alloc()), true);
        ssl.setHandshakeTimeoutMillis(handshakeTimeout.toMillis());
        ctx.pipeline().addFirst(PipelineNames.TLS, ssl);
    }

    /** Writes a last line and closes once it is flushed; nothing is written on a closed channel. */
    protected final void writeAndClose(String lastLine) {
        cancelPreAuthTimer();
        if (ctx.channel().isActive()) {
            ctx.writeAndFlush(encode(lastLine)).addListener(ChannelFutureListener.CLOSE);
        }
    }

    protected final LoginFlow login() {
        return login;
    }

    protected final LoginServices services() {
        return services;
    }

    // --- LoginFront: used by the login flow ------------------------------------------------------

    @Override
    public final ChannelHandlerContext context() {
        return ctx;
    }

    @Override
    public final D decoder() {
        return decoder;
    }

    @Override
    public final void reply(String text) {
        ctx.writeAndFlush(encode(text));
    }

    @Override
    public final void cancelPreAuthTimer() {
        if (preAuthTimer != null) {
            preAuthTimer.cancel(false);
        }
    }
}
