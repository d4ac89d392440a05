package dev.postern.imap;

import dev.postern.core.ingress.PipelineNames;
import dev.postern.imap.codec.ImapCommandDecoder;
import dev.postern.imap.front.ImapFrontHandler;
import dev.postern.imap.front.ImapService;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.ssl.SslHandler;

/**
 * Builds one IMAP client pipeline, always in the same order: TLS (implicit listeners) -> the
 * pre-auth decoder -> the front state machine. STARTTLS adds TLS at the head later.
 */
public final class ImapInitializer extends ChannelInitializer<Channel> {

    private final ImapService service;
    private final ImapFrontHandler.ListenerSecurity security;
    private final String listener;

    public ImapInitializer(ImapService service, ImapFrontHandler.ListenerSecurity security, String listener) {
        this.service = service;
        this.security = security;
        this.listener = listener;
        service.metrics().prepareListener(ImapService.PROTOCOL, listener);
    }

    @Override
    protected void initChannel(Channel ch) {
        service.metrics().connectionOpened(ImapService.PROTOCOL, listener, ch);
        if (security == ImapFrontHandler.ListenerSecurity.IMPLICIT) {
            SslHandler ssl = service.serverTls().get().newHandler(ch.alloc());
            ssl.setHandshakeTimeoutMillis(service.settings().tlsHandshakeTimeout().toMillis());
            ch.pipeline().addLast(PipelineNames.TLS, ssl);
        }
        ch.pipeline().addLast(PipelineNames.DECODER, new ImapCommandDecoder(service.settings().maxLine()));
        ch.pipeline().addLast(PipelineNames.FRONT, new ImapFrontHandler(service, security, listener));
    }
}
