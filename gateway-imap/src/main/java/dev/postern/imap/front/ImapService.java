package dev.postern.imap.front;

import dev.postern.core.front.LoginServices;
import dev.postern.core.observe.GatewayMetrics;
import dev.postern.core.protocol.ProtocolContext;
import dev.postern.core.store.Scope;
import io.netty.handler.ssl.SslContext;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What every IMAP connection of one gateway shares: what the gateway gave the protocol (verifier,
 * the way upstream, server TLS, audit log, metrics, throttle) and the IMAP front's settings.
 */
public record ImapService(ProtocolContext context, ImapFrontSettings settings) {

    /** The {@code protocol} label of this front's metrics and logs, and its configuration section. */
    public static final String PROTOCOL = "imap";

    public ImapService {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(settings, "settings");
    }

    /** What the shared login flow needs, for one connection. */
    public LoginServices loginServices() {
        return context.loginServices(PROTOCOL, Scope.IMAP, settings.maxAuthFailures(), settings.idleTimeout());
    }

    /** The server TLS context in force now (it may have been reloaded), for STARTTLS. */
    public Supplier<SslContext> serverTls() {
        return context.serverTls();
    }

    public GatewayMetrics metrics() {
        return context.metrics();
    }
}
