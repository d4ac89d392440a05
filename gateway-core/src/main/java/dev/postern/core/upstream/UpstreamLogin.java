package dev.postern.core.upstream;

import dev.postern.core.pipeline.PipelineNames;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * The upstream login dialogue as one handshake with one way to fail: a scheduled timeout, lines
 * in, one {@link #fail} path that closes the channel, one {@link #succeed} that completes the
 * promise. Protocol subclasses implement {@link #onLine}. Lines are read as ISO-8859-1 so every
 * byte maps to one char.
 *
 * <p>On success the channel has {@code AUTO_READ} off and still holds this handler and the
 * {@link LineFramer}; the relay splice removes both, after installing itself, so that bytes the
 * upstream sent after its login reply reach the client untouched.
 *
 * <p>Never log a line this handler sends: it carries credentials.
 */
public abstract class UpstreamLogin extends ChannelInboundHandlerAdapter {

    protected final UpstreamIdentity identity;
    protected final UpstreamEndpoint endpoint;
    private final Promise<UpstreamSession> promise;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> timeout;
    private boolean startTlsRequested;

    protected UpstreamLogin(UpstreamIdentity identity, UpstreamEndpoint endpoint, Promise<UpstreamSession> promise) {
        this.identity = identity;
        this.endpoint = endpoint;
        this.promise = promise;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        timeout = ctx.executor().schedule(() -> fail(new UpstreamFailure(UpstreamFailure.Kind.TIMEOUT,
                "no login within " + endpoint.loginTimeout().toMillis() + " ms")),
                endpoint.loginTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf buf)) {
            ctx.fireChannelRead(msg);
            return;
        }
        String line;
        try {
            line = buf.toString(StandardCharsets.ISO_8859_1);
        } finally {
            buf.release();
        }
        if (promise.isDone()) {
            return;
        }
        try {
            onLine(line);
        } catch (UpstreamFailure failure) {
            fail(failure);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent handshake && !promise.isDone()) {
            if (!handshake.isSuccess()) {
                fail(new UpstreamFailure(UpstreamFailure.Kind.TLS, describeTls(handshake.cause()), handshake.cause()));
                return;
            }
            if (!startTlsRequested) {
                return; // implicit TLS: the handshake comes before the greeting, which starts the dialogue
            }
            try {
                onTlsEstablished();
            } catch (UpstreamFailure failure) {
                fail(failure);
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        fail(new UpstreamFailure(UpstreamFailure.Kind.CLOSED, "upstream closed the connection during login"));
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException || cause.getCause() instanceof TooLongFrameException) {
            fail(new UpstreamFailure(UpstreamFailure.Kind.PROTOCOL, "upstream line longer than " + LineFramer.MAX_LINE));
        } else if (cause instanceof SSLException || (cause instanceof DecoderException && cause.getCause() instanceof SSLException)) {
            fail(new UpstreamFailure(UpstreamFailure.Kind.TLS, describeTls(cause), cause));
        } else {
            fail(new UpstreamFailure(UpstreamFailure.Kind.PROTOCOL, rootMessage(cause), cause));
        }
    }

    /** Handles one upstream line (without CRLF). */
    protected abstract void onLine(String line) throws UpstreamFailure;

    /**
     * Called when a STARTTLS handshake started by {@link #startTls()} has succeeded. The handshake
     * of implicit TLS (before the greeting) does not call it.
     */
    protected void onTlsEstablished() throws UpstreamFailure {
        throw new UpstreamFailure(UpstreamFailure.Kind.PROTOCOL, "unexpected TLS handshake");
    }

    /** Sends one line (CRLF appended). The line may carry a credential: it is never logged. */
    protected final void send(String line) {
        ctx.writeAndFlush(ctx.alloc().buffer(line.length() + 2)
                .writeBytes(line.getBytes(StandardCharsets.ISO_8859_1)).writeByte('\r').writeByte('\n'));
    }

    /**
     * Upgrades to TLS after the upstream's STARTTLS OK. Bytes the upstream sent behind that OK,
     * before the handshake, are discarded: they would otherwise be read as if they came through TLS.
     */
    protected final void startTls() {
        LineFramer framer = (LineFramer) ctx.pipeline().get(PipelineNames.UPSTREAM_FRAMER);
        framer.discardBuffered();
        startTlsRequested = true;
        // TLS goes below the framer, behind the quick-ack stage when there is one (it sees raw segments)
        if (ctx.pipeline().get(PipelineNames.UPSTREAM_QUICKACK) != null) {
            ctx.pipeline().addAfter(PipelineNames.UPSTREAM_QUICKACK, PipelineNames.TLS, endpoint.newSslHandler(ctx.alloc()));
        } else {
            ctx.pipeline().addFirst(PipelineNames.TLS, endpoint.newSslHandler(ctx.alloc()));
        }
    }

    protected final void succeed(String capabilities) {
        if (promise.isDone()) {
            return;
        }
        timeout.cancel(false);
        ctx.channel().config().setAutoRead(false);
        promise.trySuccess(new UpstreamSession(ctx.channel(), capabilities));
    }

    protected final void fail(UpstreamFailure failure) {
        if (timeout != null) {
            timeout.cancel(false);
        }
        if (promise.tryFailure(failure)) {
            ctx.channel().close();
        }
    }

    /** What an operator should check, then the TLS library's own words. */
    private String describeTls(Throwable cause) {
        String root = rootMessage(cause);
        String lower = root.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("certification path") || lower.contains("pkix") || lower.contains("signature does not match")
                || lower.contains("unable to find valid") || lower.contains("self signed") || lower.contains("self-signed")) {
            return "certificate of " + endpoint.serverName() + " is not trusted (check the upstream's trust setting): " + root;
        }
        if (lower.contains("subject alternative") || lower.contains("no name matching") || lower.contains("hostname")) {
            return "certificate does not name " + endpoint.serverName() + " (check the upstream's server-name): " + root;
        }
        return "TLS handshake with " + endpoint + " failed: " + root;
    }

    private static String rootMessage(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null ? root.getClass().getSimpleName() : message;
    }
}
