package dev.postern.imap;

import dev.postern.core.config.ListenerConfig;
import dev.postern.core.config.ProtocolConfig;
import dev.postern.core.front.PreAuthFront;
import dev.postern.core.front.SuspendableDecoder;
import dev.postern.core.protocol.Protocol;
import dev.postern.core.protocol.ProtocolContext;
import dev.postern.core.protocol.RunningProtocol;
import dev.postern.core.store.Scope;
import dev.postern.core.upstream.UpstreamConnector;
import dev.postern.imap.codec.ImapCommandDecoder;
import dev.postern.imap.front.ImapFrontHandler;
import dev.postern.imap.front.ImapFrontSettings;
import dev.postern.imap.front.ImapResponses;
import dev.postern.imap.front.ImapService;
import dev.postern.imap.readonly.ReadOnlyRestriction;
import dev.postern.imap.upstream.ImapUpstreamLogin;

/**
 * IMAP (RFC 9051, RFC 3501) on the protocol contract: the {@code imap} section, scope {@code imap}
 * (or {@code imap-read}, which also puts the session under {@link ReadOnlyRestriction}).
 */
public final class ImapProtocol implements Protocol {

    @Override
    public String name() {
        return ImapService.PROTOCOL;
    }

    @Override
    public Scope scope() {
        return Scope.IMAP;
    }

    @Override
    public UpstreamConnector.LoginFactory upstreamLogin(ProtocolConfig config) {
        boolean forwardClientIp = config.upstream().forwardClientIp();
        return (identity, endpoint, promise) -> new ImapUpstreamLogin(identity, endpoint, promise, forwardClientIp);
    }

    @Override
    public String tooManyConnections(ProtocolConfig config) {
        return ImapResponses.BYE_TOO_MANY_CONNECTIONS;
    }

    @Override
    public String revoked(ProtocolConfig config) {
        return ImapResponses.BYE_REVOKED;
    }

    @Override
    public RunningProtocol start(ProtocolConfig config, ProtocolContext context) {
        ImapFrontSettings settings = new ImapFrontSettings(context.failureDelay(), config.maxBadCommands(),
                config.maxAuthFailures(), config.preAuthTimeout(), config.idleTimeout(),
                ImapFrontSettings.DEFAULT_MAX_LINE, context.tlsHandshakeTimeout());
        ImapService service = new ImapService(context, settings, ReadOnlyRestriction.BY_SCOPE);
        return new RunningProtocol() {
            @Override
            public SuspendableDecoder newDecoder() {
                return new ImapCommandDecoder(settings.maxLine());
            }

            @Override
            public PreAuthFront<?> newFront(ListenerConfig listener) {
                return new ImapFrontHandler(service, listener.tls(), listener.address().toString());
            }
        };
    }
}
