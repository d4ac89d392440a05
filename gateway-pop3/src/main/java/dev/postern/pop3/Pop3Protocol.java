package dev.postern.pop3;

import dev.postern.core.config.ListenerConfig;
import dev.postern.core.config.ProtocolConfig;
import dev.postern.core.front.PreAuthFront;
import dev.postern.core.front.SuspendableDecoder;
import dev.postern.core.protocol.Protocol;
import dev.postern.core.protocol.ProtocolContext;
import dev.postern.core.protocol.RunningProtocol;
import dev.postern.core.store.Scope;
import dev.postern.core.upstream.UpstreamConnector;
import dev.postern.pop3.codec.Pop3LineDecoder;
import dev.postern.pop3.front.Pop3FrontHandler;
import dev.postern.pop3.front.Pop3FrontSettings;
import dev.postern.pop3.front.Pop3Replies;
import dev.postern.pop3.front.Pop3Service;
import dev.postern.pop3.upstream.Pop3UpstreamLogin;
import dev.postern.pop3.upstream.UpstreamCapabilities;
import java.time.Duration;

/**
 * POP3 (RFC 1939, RFC 2449, RFC 5034) on the protocol contract: the {@code pop3} section, scope
 * {@code pop3}. Starting it also starts the probe of the upstream's CAPA list, of which clients are
 * offered only what the upstream supports too.
 */
public final class Pop3Protocol implements Protocol {

    /** How often the upstream's CAPA list is read again (first at start-up). */
    static final Duration CAPABILITY_PROBE_INTERVAL = Duration.ofMinutes(10);

    @Override
    public String name() {
        return Pop3Service.PROTOCOL;
    }

    @Override
    public Scope scope() {
        return Scope.POP3;
    }

    @Override
    public UpstreamConnector.LoginFactory upstreamLogin(ProtocolConfig config) {
        boolean forwardClientIp = config.upstream().forwardClientIp();
        return (identity, endpoint, promise) -> new Pop3UpstreamLogin(identity, endpoint, promise,
                Pop3UpstreamLogin.Purpose.LOGIN, forwardClientIp);
    }

    @Override
    public String tooManyConnections(ProtocolConfig config) {
        return Pop3Replies.CLOSING_TOO_MANY_CONNECTIONS;
    }

    @Override
    public String revoked(ProtocolConfig config) {
        return Pop3Replies.CLOSING_REVOKED;
    }

    @Override
    public RunningProtocol start(ProtocolConfig config, ProtocolContext context) {
        Pop3FrontSettings settings = new Pop3FrontSettings(context.failureDelay(), config.maxBadCommands(),
                config.maxAuthFailures(), config.preAuthTimeout(), config.idleTimeout(),
                Pop3FrontSettings.DEFAULT_MAX_LINE, context.tlsHandshakeTimeout());
        UpstreamCapabilities capabilities = new UpstreamCapabilities(context.upstream(), context.group());
        capabilities.start(CAPABILITY_PROBE_INTERVAL);
        Pop3Service service = new Pop3Service(context, settings, capabilities);
        return new RunningProtocol() {
            @Override
            public SuspendableDecoder newDecoder() {
                return new Pop3LineDecoder(settings.maxLine(), Pop3LineDecoder.DEFAULT_MAX_SUSPENDED);
            }

            @Override
            public PreAuthFront<?> newFront(ListenerConfig listener) {
                return new Pop3FrontHandler(service, listener.tls(), listener.address().toString());
            }

            @Override
            public void close() {
                capabilities.close();
            }
        };
    }
}
