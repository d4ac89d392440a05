package dev.postern.imap.front;

import dev.postern.core.auth.CredentialVerifier;
import dev.postern.core.auth.FailureThrottle;
import dev.postern.core.observe.AuditLog;
import dev.postern.core.relay.SessionListener;
import dev.postern.core.upstream.UpstreamConnector;
import dev.postern.core.upstream.UpstreamCredentials;
import io.netty.handler.ssl.SslContext;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What every IMAP connection of one gateway shares: the verifier, the way upstream, the server
 * TLS context (a supplier, so a reloaded certificate serves the next STARTTLS), limits, audit log
 * and the brute-force throttle.
 */
public record ImapService(CredentialVerifier verifier, UpstreamConnector upstream, UpstreamCredentials credentials,
                          Supplier<SslContext> serverTls, ImapFrontSettings settings, AuditLog audit,
                          Supplier<SessionListener> sessions,
                          FailureThrottle throttle) {

    public ImapService {
        Objects.requireNonNull(verifier, "verifier");
        Objects.requireNonNull(upstream, "upstream");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(serverTls, "serverTls");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(sessions, "sessions");
        Objects.requireNonNull(throttle, "throttle");
    }

    /** Without throttling: every refusal is answered after {@code settings.failureDelay()}. */
    public ImapService(CredentialVerifier verifier, UpstreamConnector upstream, UpstreamCredentials credentials,
                       Supplier<SslContext> serverTls, ImapFrontSettings settings, AuditLog audit,
                       Supplier<SessionListener> sessions) {
        this(verifier, upstream, credentials, serverTls, settings, audit, sessions,
                FailureThrottle.fixedDelay(settings.failureDelay()));
    }
}
