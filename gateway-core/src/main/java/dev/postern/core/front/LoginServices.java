package dev.postern.core.front;

import dev.postern.core.auth.CredentialVerifier;
import dev.postern.core.auth.FailureThrottle;
import dev.postern.core.observe.AuditLog;
import dev.postern.core.observe.GatewayMetrics;
import dev.postern.core.observe.LoginWatch;
import dev.postern.core.relay.Restrictions;
import dev.postern.core.relay.SessionListener;
import dev.postern.core.session.LiveSessions;
import dev.postern.core.store.Scope;
import dev.postern.core.upstream.UpstreamConnector;
import dev.postern.core.upstream.UpstreamCredentials;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What a {@link LoginFlow} uses, shared by every connection of one protocol front.
 *
 * @param protocol        the {@code protocol} label in logs and metrics ({@code imap}, {@code smtp})
 * @param scope           the scope an app password needs for this front
 * @param failureDelay    the delay of refusals the throttle does not count (authzid mismatch)
 * @param maxAuthFailures refused logins on one connection before it is closed
 * @param idleTimeout     post-login idle limit of the relayed session
 * @param live            where each relayed session is registered, so that a revocation can end it
 * @param restrictions    the post-login restriction an accepted app password's scopes put on its session
 * @param logins          told of every accepted login, after the hand-off (new-source alerts)
 */
public record LoginServices(String protocol, Scope scope, CredentialVerifier verifier, UpstreamConnector upstream,
                            UpstreamCredentials credentials, FailureThrottle throttle, AuditLog audit,
                            GatewayMetrics metrics, Supplier<SessionListener> sessions, Duration failureDelay,
                            int maxAuthFailures, Duration idleTimeout, LiveSessions live, Restrictions restrictions,
                            LoginWatch logins) {

    public LoginServices {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(verifier, "verifier");
        Objects.requireNonNull(upstream, "upstream");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(throttle, "throttle");
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(sessions, "sessions");
        Objects.requireNonNull(failureDelay, "failureDelay");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(live, "live");
        Objects.requireNonNull(restrictions, "restrictions");
        Objects.requireNonNull(logins, "logins");
    }

    /** As above, with no post-login restriction for any app password. */
    public LoginServices(String protocol, Scope scope, CredentialVerifier verifier, UpstreamConnector upstream,
                         UpstreamCredentials credentials, FailureThrottle throttle, AuditLog audit,
                         GatewayMetrics metrics, Supplier<SessionListener> sessions, Duration failureDelay,
                         int maxAuthFailures, Duration idleTimeout, LiveSessions live) {
        this(protocol, scope, verifier, upstream, credentials, throttle, audit, metrics, sessions, failureDelay,
                maxAuthFailures, idleTimeout, live, Restrictions.NONE, LoginWatch.NONE);
    }
}
