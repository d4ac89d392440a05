package dev.postern.core.protocol;

import dev.postern.core.auth.CredentialVerifier;
import dev.postern.core.auth.FailureThrottle;
import dev.postern.core.front.LoginServices;
import dev.postern.core.observe.AuditLog;
import dev.postern.core.observe.GatewayMetrics;
import dev.postern.core.observe.LoginWatch;
import dev.postern.core.relay.Restrictions;
import dev.postern.core.relay.SendQuota;
import dev.postern.core.relay.SessionListener;
import dev.postern.core.session.LiveSessions;
import dev.postern.core.store.Scope;
import dev.postern.core.upstream.UpstreamConnector;
import dev.postern.core.upstream.UpstreamCredentials;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What the gateway gives a protocol when it starts it: the parts every protocol's connections
 * share.
 *
 * @param upstream            the way to this protocol's upstream, with its login dialogue
 * @param credentials         what Postern logs in upstream with (master user or stored password)
 * @param serverTls           the server TLS context in force now (a supplier: certificates reload)
 * @param tlsHandshakeTimeout how long a client's TLS handshake may take
 * @param failureDelay        the delay of every refused login ({@code auth.failure-delay})
 * @param sessions            a listener for each relayed session (metrics, tests)
 * @param group               the event loops, for the protocol's own background probes
 * @param live                where the protocol's relayed sessions are registered (with its closing line)
 * @param sendQuota           the daily message quota of app passwords that carry one
 * @param logins              told of every accepted login (new-source alerts)
 */
public record ProtocolContext(CredentialVerifier verifier, UpstreamConnector upstream,
                              UpstreamCredentials credentials, Supplier<SslContext> serverTls,
                              Duration tlsHandshakeTimeout, Duration failureDelay, AuditLog audit,
                              Supplier<SessionListener> sessions, GatewayMetrics metrics, FailureThrottle throttle,
                              EventLoopGroup group, LiveSessions live, SendQuota sendQuota, LoginWatch logins) {

    public ProtocolContext {
        Objects.requireNonNull(verifier, "verifier");
        Objects.requireNonNull(upstream, "upstream");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(serverTls, "serverTls");
        Objects.requireNonNull(tlsHandshakeTimeout, "tlsHandshakeTimeout");
        Objects.requireNonNull(failureDelay, "failureDelay");
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(sessions, "sessions");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(throttle, "throttle");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(live, "live");
        Objects.requireNonNull(sendQuota, "sendQuota");
        Objects.requireNonNull(logins, "logins");
    }

    /** As above, without a send quota or new-source alerts. */
    public ProtocolContext(CredentialVerifier verifier, UpstreamConnector upstream,
                           UpstreamCredentials credentials, Supplier<SslContext> serverTls,
                           Duration tlsHandshakeTimeout, Duration failureDelay, AuditLog audit,
                           Supplier<SessionListener> sessions, GatewayMetrics metrics, FailureThrottle throttle,
                           EventLoopGroup group, LiveSessions live) {
        this(verifier, upstream, credentials, serverTls, tlsHandshakeTimeout, failureDelay, audit, sessions, metrics,
                throttle, group, live, SendQuota.UNLIMITED, LoginWatch.NONE);
    }

    /** As above, with relayed sessions registered nowhere (a front tested on its own). */
    public ProtocolContext(CredentialVerifier verifier, UpstreamConnector upstream,
                           UpstreamCredentials credentials, Supplier<SslContext> serverTls,
                           Duration tlsHandshakeTimeout, Duration failureDelay, AuditLog audit,
                           Supplier<SessionListener> sessions, GatewayMetrics metrics, FailureThrottle throttle,
                           EventLoopGroup group) {
        this(verifier, upstream, credentials, serverTls, tlsHandshakeTimeout, failureDelay, audit, sessions, metrics,
                throttle, group, LiveSessions.NONE);
    }

    /** What the login flow of protocol {@code name}, with {@code scope}, uses on each connection. */
    public LoginServices loginServices(String name, Scope scope, int maxAuthFailures, Duration idleTimeout) {
        return loginServices(name, scope, maxAuthFailures, idleTimeout, Restrictions.NONE);
    }

    /** As above, with the post-login {@code restrictions} the protocol puts on sessions by their app password's scopes. */
    public LoginServices loginServices(String name, Scope scope, int maxAuthFailures, Duration idleTimeout,
                                       Restrictions restrictions) {
        return new LoginServices(name, scope, verifier, upstream, credentials, throttle, audit, metrics, sessions,
                failureDelay, maxAuthFailures, idleTimeout, live, restrictions, logins);
    }
}
