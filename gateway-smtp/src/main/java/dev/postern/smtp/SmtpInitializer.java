package dev.postern.smtp;

import dev.postern.core.front.FrontInitializer;
import dev.postern.core.front.PreAuthFront;
import dev.postern.core.front.SuspendableDecoder;
import dev.postern.core.ingress.ConnectionRegistry;
import dev.postern.core.ingress.ListenerIngress;
import dev.postern.smtp.codec.SmtpLineDecoder;
import dev.postern.smtp.front.SmtpFrontHandler;
import dev.postern.smtp.front.SmtpService;
import io.netty.handler.ssl.SslContext;
import java.time.Duration;

/** Builds one SMTP client pipeline ({@link FrontInitializer} has the order). */
public final class SmtpInitializer extends FrontInitializer {

    private final SmtpService service;
    private final SmtpFrontHandler.ListenerSecurity security;
    private final String listener;

    public SmtpInitializer(SmtpService service, SmtpFrontHandler.ListenerSecurity security, String listener) {
        this(service, security, listener, new ConnectionRegistry(), ListenerIngress.NONE);
    }

    /**
     * Registers every connection with {@code connections} (so a stop can reach it) and starts each
     * pipeline with the listener's PROXY header stage and connection limits ({@code ingress}).
     */
    public SmtpInitializer(SmtpService service, SmtpFrontHandler.ListenerSecurity security, String listener,
                           ConnectionRegistry connections, ListenerIngress ingress) {
        super(SmtpService.PROTOCOL, listener, security == SmtpFrontHandler.ListenerSecurity.IMPLICIT, service.metrics(),
                connections, ingress);
        this.service = service;
        this.security = security;
        this.listener = listener;
    }

    @Override
    protected SslContext serverTls() {
        return service.serverTls().get();
    }

    @Override
    protected Duration tlsHandshakeTimeout() {
        return service.settings().tlsHandshakeTimeout();
    }

    @Override
    protected SuspendableDecoder newDecoder() {
        return new SmtpLineDecoder(service.settings().maxLine(), SmtpLineDecoder.DEFAULT_MAX_SUSPENDED);
    }

    @Override
    protected PreAuthFront<?> newFront() {
        return new SmtpFrontHandler(service, security, listener);
    }
}
