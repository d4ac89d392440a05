package dev.postern.smtp;

import dev.postern.core.config.ListenerConfig;
import dev.postern.core.config.ProtocolConfig;
import dev.postern.core.config.SmtpProbeConfig;
import dev.postern.core.front.PreAuthFront;
import dev.postern.core.front.SuspendableDecoder;
import dev.postern.core.protocol.Protocol;
import dev.postern.core.protocol.ProtocolContext;
import dev.postern.core.protocol.RunningProtocol;
import dev.postern.core.store.Scope;
import dev.postern.core.upstream.UpstreamConnector;
import dev.postern.smtp.codec.SmtpLineDecoder;
import dev.postern.smtp.front.SmtpFrontHandler;
import dev.postern.smtp.front.SmtpFrontSettings;
import dev.postern.smtp.front.SmtpReplies;
import dev.postern.smtp.front.SmtpService;
import dev.postern.smtp.upstream.SmtpUpstreamLogin;
import dev.postern.smtp.upstream.UpstreamExtensions;

/**
 * SMTP submission (RFC 6409) on the protocol contract: the {@code smtp} section, scope {@code smtp}.
 * Starting it also starts the probe of the upstream's EHLO extensions, which clients are offered.
 */
public final class SmtpProtocol implements Protocol {

    @Override
    public String name() {
        return SmtpService.PROTOCOL;
    }

    @Override
    public Scope scope() {
        return Scope.SMTP;
    }

    @Override
    public UpstreamConnector.LoginFactory upstreamLogin(ProtocolConfig config) {
        String hostName = config.hostName();
        boolean xclient = config.upstream().forwardClientIp();
        return (identity, endpoint, promise) -> new SmtpUpstreamLogin(identity, endpoint, promise,
                SmtpUpstreamLogin.Purpose.LOGIN, hostName, xclient);
    }

    @Override
    public String tooManyConnections(ProtocolConfig config) {
        return String.format(SmtpReplies.CLOSING_TOO_MANY_CONNECTIONS, config.hostName());
    }

    @Override
    public String revoked(ProtocolConfig config) {
        return String.format(SmtpReplies.CLOSING_REVOKED, config.hostName());
    }

    @Override
    public RunningProtocol start(ProtocolConfig config, ProtocolContext context) {
        SmtpFrontSettings settings = new SmtpFrontSettings(config.hostName(), context.failureDelay(),
                config.maxBadCommands(), config.maxAuthFailures(), config.preAuthTimeout(), config.idleTimeout(),
                SmtpFrontSettings.DEFAULT_MAX_LINE, context.tlsHandshakeTimeout());
        SmtpProbeConfig probe = config.upstream().smtpProbe() != null
                ? config.upstream().smtpProbe() : SmtpProbeConfig.defaults();
        UpstreamExtensions extensions = new UpstreamExtensions(context.upstream(), context.group(), config.hostName(),
                probe.fallbackExtensions());
        extensions.start(probe.probeInterval());
        SmtpService service = new SmtpService(context, settings, extensions);
        return new RunningProtocol() {
            @Override
            public SuspendableDecoder newDecoder() {
                return new SmtpLineDecoder(settings.maxLine(), SmtpLineDecoder.DEFAULT_MAX_SUSPENDED);
            }

            @Override
            public PreAuthFront<?> newFront(ListenerConfig listener) {
                return new SmtpFrontHandler(service, listener.tls(), listener.address().toString());
            }

            @Override
            public void close() {
                extensions.close();
            }
        };
    }
}
