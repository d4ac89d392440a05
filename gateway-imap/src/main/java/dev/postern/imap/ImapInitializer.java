package dev.postern.imap;

import dev.postern.core.front.FrontInitializer;
import dev.postern.core.front.PreAuthFront;
import dev.postern.core.front.SuspendableDecoder;
import dev.postern.core.ingress.ConnectionRegistry;
import dev.postern.core.ingress.ListenerIngress;
import dev.postern.imap.codec.ImapCommandDecoder;
import dev.postern.imap.front.ImapFrontHandler;
import dev.postern.imap.front.ImapService;
import io.netty.handler.ssl.SslContext;
import java.time.Duration;

/** Builds one IMAP client pipeline ({@link FrontInitializer} has the order). */
public final class ImapInitializer extends FrontInitializer {

    private final ImapService service;
    private final ImapFrontHandler.ListenerSecurity security;
    private final String listener;

    public ImapInitializer(ImapService service, ImapFrontHandler.ListenerSecurity security, String listener) {
        this(service, security, listener, new ConnectionRegistry(), ListenerIngress.NONE);
    }

    /**
     * Registers every connection with {@code connections} (so a stop can reach it) and starts each
     * pipeline with the listener's PROXY header stage and connection limits ({@code ingress}).
     */
    public ImapInitializer(ImapService service, ImapFrontHandler.ListenerSecurity security, String listener,
                           ConnectionRegistry connections, ListenerIngress ingress) {
        super(ImapService.PROTOCOL, listener, security == ImapFrontHandler.ListenerSecurity.IMPLICIT, service.metrics(),
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
        return new ImapCommandDecoder(service.settings().maxLine());
    }

    @Override
    protected PreAuthFront<?> newFront() {
        return new ImapFrontHandler(service, security, listener);
    }
}
