package dev.postern.smtp;

import dev.postern.core.ingress.ListenerIngress;
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
 * limits -> TLS (implicit listeners) -> the pre-auth line decoder -> the front state machine.
 * STARTTLS adds TLS at the head later.
 */
public final class SmtpInitializer extends ChannelInitializer<Channel> {

    private final SmtpService service;
    private final SmtpFrontHandler.ListenerSecurity security;
    private final String listener;
    private final ListenerIngress ingress;

    public SmtpInitializer(SmtpService service, SmtpFrontHandler.ListenerSecurity security, String listener) {
        this(service, security, listener, ListenerIngress.NONE);
    }

    /** As above, starting each pipeline with the listener's PROXY header stage and connection limits. */
    public SmtpInitializer(SmtpService service, SmtpFrontHandler.ListenerSecurity security, String listener,
                           ListenerIngress ingress) {
        this.service = service;
        this.security = security;
        this.listener = listener;
        this.ingress = Objects.requireNonNull(ingress, "ingress");
    }

    @Override
    protected void initChannel(Channel ch) {
        ingress.install(ch.pipeline());
        if (security == SmtpFrontHandler.ListenerSecurity.IMPLICIT) {
            SslHandler ssl = service.serverTls().get().newHandler(ch.alloc());
            ssl.setHandshakeTimeoutMillis(service.settings().tlsHandshakeTimeout().toMillis());
            ch.pipeline().addLast(PipelineNames.TLS, ssl);
        }
        ch.pipeline().addLast(PipelineNames.DECODER,
                new SmtpLineDecoder(service.settings().maxLine(), SmtpLineDecoder.DEFAULT_MAX_SUSPENDED));
        ch.pipeline().addLast(PipelineNames.FRONT, new SmtpFrontHandler(service, security, listener));
    }
}
