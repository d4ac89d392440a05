package dev.postern.imap.front;

import dev.postern.core.front.LoginServices;
import dev.postern.core.observe.GatewayMetrics;
import dev.postern.core.protocol.ProtocolContext;
import dev.postern.core.relay.Restrictions;
import dev.postern.core.store.Scope;
import io.netty.handler.ssl.SslContext;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What every IMAP connection of one gateway shares: what the gateway gave the protocol (verifier,
 * the way upstream, server TLS, audit log, metrics, throttle), the IMAP front's settings, and the
 * post-login restrictions by scope (read-only IMAP).
 */
public record ImapService(ProtocolContext context, ImapFrontSettings settings, Restrictions restrictions) {

    /** The {@code protocol} label of this front's metrics and logs, and its configuration section. */
    public static final String PROTOCOL = "imap";

    public ImapService {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(restrictions, "restrictions");
    }

    /** As above, with no post-login restriction for any app password. */
    public ImapService(ProtocolContext context, ImapFrontSettings settings) {
        this(context, settings, Restrictions.NONE);
    }

    /** What the shared login flow needs, for one connection. */
    public LoginServices loginServices() {
        return context.loginServices(PROTOCOL, Scope.IMAP, settings.maxAuthFailures(), settings.idleTimeout(),
                restrictions);
    }

    /** The server TLS context in force now (it may have been reloaded), for STARTTLS. */
    public Supplier<SslContext> serverTls() {
        return context.serverTls();
    }

    public GatewayMetrics metrics() {
        return context.metrics();
    }
}
