package dev.postern.smtp.front;

import dev.postern.core.auth.CredentialVerifier;
import dev.postern.core.auth.FailureThrottle;
import dev.postern.core.front.LoginServices;
import dev.postern.core.observe.AuditLog;
import dev.postern.core.observe.GatewayMetrics;
import dev.postern.core.relay.SessionListener;
import dev.postern.core.store.Scope;
import dev.postern.core.upstream.UpstreamConnector;
import dev.postern.core.upstream.UpstreamCredentials;
import dev.postern.smtp.upstream.SmtpExtensions;
import io.netty.handler.ssl.SslContext;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What every SMTP connection of one gateway shares: the verifier, the way upstream, what the
 * upstream offers (refreshed by the probe), the server TLS context (a supplier, so a reloaded
 * certificate serves the next STARTTLS), limits, the audit log and the brute-force throttle.
 */
public record SmtpService(CredentialVerifier verifier, UpstreamConnector upstream, UpstreamCredentials credentials,
                          Supplier<SmtpExtensions> extensions, Supplier<SslContext> serverTls,
                          SmtpFrontSettings settings, AuditLog audit, Supplier<SessionListener> sessions,
                          FailureThrottle throttle, GatewayMetrics metrics) {

    /** The {@code protocol} label of this front's logs and metrics. */
    public static final String PROTOCOL = "smtp";

    /** Without metrics (they go nowhere). */
    public SmtpService(CredentialVerifier verifier, UpstreamConnector upstream, UpstreamCredentials credentials,
                       Supplier<SmtpExtensions> extensions, Supplier<SslContext> serverTls,
                       SmtpFrontSettings settings, AuditLog audit, Supplier<SessionListener> sessions,
                       FailureThrottle throttle) {
        this(verifier, upstream, credentials, extensions, serverTls, settings, audit, sessions, throttle,
                GatewayMetrics.noop());
    }

    /** What the shared login flow needs, for one connection. */
    public LoginServices loginServices() {
        return new LoginServices(PROTOCOL, Scope.SMTP, verifier, upstream, credentials, throttle, audit, metrics,
                sessions, settings.failureDelay(), settings.maxAuthFailures(), settings.idleTimeout());
    }

    public SmtpService {
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(verifier, "verifier");
        Objects.requireNonNull(upstream, "upstream");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(extensions, "extensions");
        Objects.requireNonNull(serverTls, "serverTls");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(sessions, "sessions");
        Objects.requireNonNull(throttle, "throttle");
    }

    /** Without throttling: every refusal is answered after {@code settings.failureDelay()}. */
    public SmtpService(CredentialVerifier verifier, UpstreamConnector upstream, UpstreamCredentials credentials,
                       Supplier<SmtpExtensions> extensions, Supplier<SslContext> serverTls,
                       SmtpFrontSettings settings, AuditLog audit, Supplier<SessionListener> sessions) {
        this(verifier, upstream, credentials, extensions, serverTls, settings, audit, sessions,
                FailureThrottle.fixedDelay(settings.failureDelay()));
    }
}
