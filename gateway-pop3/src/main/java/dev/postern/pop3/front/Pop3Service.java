package dev.postern.pop3.front;

import dev.postern.core.front.LoginServices;
import dev.postern.core.observe.GatewayMetrics;
import dev.postern.core.protocol.ProtocolContext;
import dev.postern.core.store.Scope;
import io.netty.handler.ssl.SslContext;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What every POP3 connection of one gateway shares: what the gateway gave the protocol (verifier,
 * the way upstream, server TLS, audit log, metrics, throttle), the POP3 front's settings, and the
 * upstream's CAPA lines as its probe last learned them (empty until a probe has answered).
 */
public record Pop3Service(ProtocolContext context, Pop3FrontSettings settings,
                          Supplier<List<String>> upstreamCapabilities) {

    /** The {@code protocol} label of this front's logs and metrics, and its configuration section. */
    public static final String PROTOCOL = "pop3";

    public Pop3Service {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(upstreamCapabilities, "upstreamCapabilities");
    }

    /** What the shared login flow needs, for one connection. */
    public LoginServices loginServices() {
        return context.loginServices(PROTOCOL, Scope.POP3, settings.maxAuthFailures(), settings.idleTimeout());
    }

    /** The server TLS context in force now (it may have been reloaded), for STLS. */
    public Supplier<SslContext> serverTls() {
        return context.serverTls();
    }

    public GatewayMetrics metrics() {
        return context.metrics();
    }
}
