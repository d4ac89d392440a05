package dev.postern.imap;

import dev.postern.core.ingress.ConnectionRegistry;
import dev.postern.core.ingress.ListenerIngress;
import dev.postern.core.ingress.PipelineNames;
import dev.postern.core.observe.ConnectionContextHandler;
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
    private final ConnectionRegistry connections;
    private final ListenerIngress ingress;

    public ImapInitializer(ImapService service, ImapFrontHandler.ListenerSecurity security, String listener) {
        this(service, security, listener, new ConnectionRegistry(), ListenerIngress.NONE);
    }

    /**
     * Registers every connection with {@code connections} (so a stop can reach it) and starts each
     * pipeline with the listener's PROXY header stage and connection limits ({@code ingress}).
     */
    public ImapInitializer(ImapService service, ImapFrontHandler.ListenerSecurity security, String listener,
                           ConnectionRegistry connections, ListenerIngress ingress) {
        this.service = service;
        this.security = security;
        this.listener = listener;
        this.connections = Objects.requireNonNull(connections, "connections");
        this.ingress = Objects.requireNonNull(ingress, "ingress");
        service.metrics().prepareListener(ImapService.PROTOCOL, listener);
    }

    @Override
    protected void initChannel(Channel ch) {
        ch.pipeline().addLast(PipelineNames.CONTEXT, new ConnectionContextHandler("imap"));
        ingress.install(ch.pipeline());
        service.metrics().connectionOpened(ImapService.PROTOCOL, listener, ch);
        if (security == ImapFrontHandler.ListenerSecurity.IMPLICIT) {
            SslHandler ssl = service.serverTls().get().newHandler(ch.alloc());
            ssl.setHandshakeTimeoutMillis(service.settings().tlsHandshakeTimeout().toMillis());
            ch.pipeline().addLast(PipelineNames.TLS, ssl);
        }
        ch.pipeline().addLast(PipelineNames.DECODER, new ImapCommandDecoder(service.settings().maxLine()));
        ImapFrontHandler front = new ImapFrontHandler(service, security, listener);
        ch.pipeline().addLast(PipelineNames.FRONT, front);
        connections.register(ch, front);
    }
}
