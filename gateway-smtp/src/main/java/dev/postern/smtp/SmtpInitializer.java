package dev.postern.smtp;

import dev.postern.core.ingress.ConnectionRegistry;
import dev.postern.core.ingress.ListenerIngress;
import dev.postern.core.observe.ConnectionContextHandler;
import dev.postern.core.ingress.PipelineNames;
import dev.postern.smtp.codec.SmtpLineDecoder;
import dev.postern.smtp.front.SmtpFrontHandler;
import dev.postern.smtp.front.SmtpService;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.ssl.SslHandler;
import java.util.Objects;

/**
 * Builds one SMTP client pipeline, always in the same order: [PROXY header stage] -> connection
 * context -> PROXY header -> limits -> TLS (implicit listeners) -> the pre-auth line decoder -> the front state machine.
 * STARTTLS adds TLS at the head later.
 */
public final class SmtpInitializer extends ChannelInitializer<Channel> {

    private final SmtpService service;
    private final SmtpFrontHandler.ListenerSecurity security;
    private final String listener;
    private final ConnectionRegistry connections;
    private final ListenerIngress ingress;

    public SmtpInitializer(SmtpService service, SmtpFrontHandler.ListenerSecurity security, String listener) {
        this(service, security, listener, new ConnectionRegistry(), ListenerIngress.NONE);
    }

    /**
     * Registers every connection with {@code connections} (so a stop can reach it) and starts each
     * pipeline with the listener's PROXY header stage and connection limits ({@code ingress}).
     */
    public SmtpInitializer(SmtpService service, SmtpFrontHandler.ListenerSecurity security, String listener,
                           ConnectionRegistry connections, ListenerIngress ingress) {
        this.service = service;
        this.security = security;
        this.listener = listener;
        this.connections = Objects.requireNonNull(connections, "connections");
        this.ingress = Objects.requireNonNull(ingress, "ingress");
        service.metrics().prepareListener(SmtpService.PROTOCOL, listener);
    }

    @Override
    protected void initChannel(Channel ch) {
        ch.pipeline().addLast(PipelineNames.CONTEXT, new ConnectionContextHandler(SmtpService.PROTOCOL));
        ingress.install(ch.pipeline());
        service.metrics().connectionOpened(SmtpService.PROTOCOL, listener, ch);
        if (security == SmtpFrontHandler.ListenerSecurity.IMPLICIT) {
            SslHandler ssl = service.serverTls().get().newHandler(ch.alloc());
            ssl.setHandshakeTimeoutMillis(service.settings().tlsHandshakeTimeout().toMillis());
            ch.pipeline().addLast(PipelineNames.TLS, ssl);
        }
        ch.pipeline().addLast(PipelineNames.DECODER,
                new SmtpLineDecoder(service.settings().maxLine(), SmtpLineDecoder.DEFAULT_MAX_SUSPENDED));
        SmtpFrontHandler front = new SmtpFrontHandler(service, security, listener);
        ch.pipeline().addLast(PipelineNames.FRONT, front);
        connections.register(ch, front);
    }
}
