package dev.postern.imap.front;

import dev.postern.core.auth.CredentialVerifier;
import dev.postern.core.auth.FailureThrottle;
import dev.postern.core.front.LoginServices;
import dev.postern.core.observe.AuditLog;
import dev.postern.core.observe.GatewayMetrics;
import dev.postern.core.relay.SessionListener;
import dev.postern.core.store.Scope;
import dev.postern.core.upstream.UpstreamConnector;
import dev.postern.core.upstream.UpstreamCredentials;
import io.netty.handler.ssl.SslContext;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What every IMAP connection of one gateway shares: the verifier, the way upstream, the server
 * TLS context (a supplier, so a reloaded certificate serves the next STARTTLS), limits, audit log,
 * metrics and the brute-force throttle.
 */
public record ImapService(CredentialVerifier verifier, UpstreamConnector upstream, UpstreamCredentials credentials,
                          Supplier<SslContext> serverTls, ImapFrontSettings settings, AuditLog audit,
                          Supplier<SessionListener> sessions, GatewayMetrics metrics, FailureThrottle throttle) {

    /** The {@code protocol} label of this front's metrics. */
    public static final String PROTOCOL = "imap";

    /** Without metrics (they go nowhere) and without throttling (every refusal after {@code settings.failureDelay()}). */
    public ImapService(CredentialVerifier verifier, UpstreamConnector upstream, UpstreamCredentials credentials,
                       Supplier<SslContext> serverTls, ImapFrontSettings settings, AuditLog audit,
                       Supplier<SessionListener> sessions) {
        this(verifier, upstream, credentials, serverTls, settings, audit, sessions, GatewayMetrics.noop(),
                FailureThrottle.fixedDelay(settings.failureDelay()));
    }

    /** With metrics, without throttling. */
    public ImapService(CredentialVerifier verifier, UpstreamConnector upstream, UpstreamCredentials credentials,
                       Supplier<SslContext> serverTls, ImapFrontSettings settings, AuditLog audit,
                       Supplier<SessionListener> sessions, GatewayMetrics metrics) {
        this(verifier, upstream, credentials, serverTls, settings, audit, sessions, metrics,
                FailureThrottle.fixedDelay(settings.failureDelay()));
    }

    /** With throttling, without metrics. */
    public ImapService(CredentialVerifier verifier, UpstreamConnector upstream, UpstreamCredentials credentials,
                       Supplier<SslContext> serverTls, ImapFrontSettings settings, AuditLog audit,
                       Supplier<SessionListener> sessions, FailureThrottle throttle) {
        this(verifier, upstream, credentials, serverTls, settings, audit, sessions, GatewayMetrics.noop(), throttle);
    }

    /** What the shared login flow needs, for one connection. */
    public LoginServices loginServices() {
        return new LoginServices(PROTOCOL, Scope.IMAP, verifier, upstream, credentials, throttle, audit, metrics,
                sessions, settings.failureDelay(), settings.maxAuthFailures(), settings.idleTimeout());
    }

    public ImapService {
        Objects.requireNonNull(verifier, "verifier");
        Objects.requireNonNull(upstream, "upstream");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(serverTls, "serverTls");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(sessions, "sessions");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(throttle, "throttle");
    }
}
