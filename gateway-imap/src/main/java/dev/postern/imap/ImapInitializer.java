package dev.postern.imap;

import dev.postern.core.ingress.ListenerIngress;
import dev.postern.core.ingress.PipelineNames;
import dev.postern.imap.codec.ImapCommandDecoder;
import dev.postern.imap.front.ImapFrontHandler;
import dev.postern.imap.front.ImapService;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.ssl.SslHandler;
import java.util.Objects;

/**
 * Builds one IMAP client pipeline, always in the same order: [PROXY header stage] -> connection
 * limits -> TLS (implicit listeners) -> the pre-auth decoder -> the front state machine. STARTTLS adds TLS at the head later.
 */
public final class ImapInitializer extends ChannelInitializer<Channel> {

    private final ImapService service;
    private final ImapFrontHandler.ListenerSecurity security;
    private final String listener;
    private final ListenerIngress ingress;

    public ImapInitializer(ImapService service, ImapFrontHandler.ListenerSecurity security, String listener) {
        this(service, security, listener, ListenerIngress.NONE);
    }

    /** As above, starting each pipeline with the listener's PROXY header stage and connection limits. */
    public ImapInitializer(ImapService service, ImapFrontHandler.ListenerSecurity security, String listener,
                           ListenerIngress ingress) {
        this.service = service;
        this.security = security;
        this.listener = listener;
        this.ingress = Objects.requireNonNull(ingress, "ingress");
    }

    @Override
    protected void initChannel(Channel ch) {
        ingress.install(ch.pipeline());
        if (security == ImapFrontHandler.ListenerSecurity.IMPLICIT) {
            SslHandler ssl = service.serverTls().get().newHandler(ch.alloc());
            ssl.setHandshakeTimeoutMillis(service.settings().tlsHandshakeTimeout().toMillis());
            ch.pipeline().addLast(PipelineNames.TLS, ssl);
        }
        ch.pipeline().addLast(PipelineNames.DECODER, new ImapCommandDecoder(service.settings().maxLine()));
        ch.pipeline().addLast(PipelineNames.FRONT, new ImapFrontHandler(service, security, listener));
    }
}
