package dev.postern.core.session;

import dev.postern.core.ingress.ClientAddress;
import dev.postern.core.ingress.ConnectionContext;
import dev.postern.core.observe.AuditLog;
import dev.postern.core.observe.SessionClosedEvent;
import dev.postern.core.relay.Relay;
import dev.postern.core.relay.SessionListener;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One relayed session as the registry knows it. {@link #end} closes it the way the protocol says
 * goodbye: the upstream leg first (so nothing more from the mail server reaches the client), then
 * the protocol's closing line on the client channel behind whatever was already relayed, then close.
 */
final class LiveSession {

    /**
     * After the closing line, what the client still sends is read and dropped for up to this long
     * before the close, so that a client in the middle of sending (SMTP DATA) is not answered with a
     * TCP reset that could destroy the closing line before the client read it.
     */
    static final Duration DRAIN = Duration.ofMillis(500);
    private static final String DRAIN_STAGE = "revoked-drain";

    final Channel client;
    final Channel upstream;
    final String protocol;
    final String user;
    final String appPasswordId;
    /** The user's upstream credential count its login read; negative when unknown. */
    final long credentialVersion;
    private final String listener;
    private final String closingLine;
    private final SessionListener events;
    private final AuditLog audit;
    /** Confined to the client's event loop. */
    private boolean ending;

    LiveSession(Channel client, Channel upstream, String protocol, String user, String appPasswordId,
                long credentialVersion, String listener, String closingLine, SessionListener events, AuditLog audit) {
        this.client = client;
        this.upstream = upstream;
        this.protocol = protocol;
        this.user = user;
        this.appPasswordId = appPasswordId;
        this.credentialVersion = credentialVersion;
        this.listener = listener;
        this.closingLine = closingLine;
        this.events = events;
        this.audit = audit;
    }

    /** Ends the session on its event loop; a session already ending or closed is left alone. */
    void end(EndReason reason) {
        try {
            client.eventLoop().execute(() -> ConnectionContext.run(client, () -> endNow(reason)));
        } catch (RejectedExecutionException e) {
            client.close(); // the event loop is shutting down; so is the session
        }
    }

    private void endNow(EndReason reason) {
        if (ending || !client.isActive()) {
            return;
        }
        ending = true;
        events.closedBy(SessionListener.Cause.REVOKED);
        boolean atLineStart = Relay.unsplice(client, upstream);
        upstream.close();
        audit.sessionClosed(new SessionClosedEvent(protocol, listener, ClientAddress.ip(client), user, appPasswordId,
                reason.label()));
        // Relayed bytes are never parsed: if the last chunk to the client stopped inside a line, end that
        // line first so the closing line is one of its own (inside an IMAP literal or a POP3 message it is
        // read as data, and the close that follows ends the response early either way).
        String text = atLineStart ? closingLine : "\r\n" + closingLine;
        client.pipeline().addLast(DRAIN_STAGE, new Discard());
        client.writeAndFlush(Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII)).addListener(written -> {
            if (!written.isSuccess()) {
                client.close();
                return;
            }
            client.config().setAutoRead(true);
            client.eventLoop().schedule(() -> {
                client.close();
            }, DRAIN.toMillis(), TimeUnit.MILLISECONDS);
        });
    }

    @Override
    public String toString() {
        return "LiveSession[" + protocol + ", " + user + ", " + appPasswordId + "]";
    }

    /** Drops what the client still sends after the closing line; closes when the client does. */
    private static final class Discard extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
