package dev.postern.smtp.front;

import dev.postern.core.front.LoginServices;
import dev.postern.core.observe.GatewayMetrics;
import dev.postern.core.protocol.ProtocolContext;
import dev.postern.core.store.Scope;
import dev.postern.smtp.restrict.SubmitRestriction;
import dev.postern.smtp.upstream.SmtpExtensions;
import io.netty.handler.ssl.SslContext;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What every SMTP connection of one gateway shares: what the gateway gave the protocol (verifier,
 * the way upstream, server TLS, audit log, metrics, throttle), the SMTP front's settings, and what
 * the upstream offers (refreshed by the probe).
 */
public record SmtpService(ProtocolContext context, SmtpFrontSettings settings, Supplier<SmtpExtensions> extensions) {

    /** The {@code protocol} label of this front's logs and metrics, and its configuration section. */
    public static final String PROTOCOL = "smtp";

    public SmtpService {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(extensions, "extensions");
    }

    /**
     * What the shared login flow needs, for one connection: an app password with limits on sending
     * ({@code --send-as}, {@code --max-messages-per-day}) gets its session filtered after login.
     */
    public LoginServices loginServices() {
        return context.loginServices(PROTOCOL, Scope.SMTP, settings.maxAuthFailures(), settings.idleTimeout(),
                SubmitRestriction.factory(PROTOCOL, context.sendQuota()));
    }

    /** The server TLS context in force now (it may have been reloaded), for STARTTLS. */
    public Supplier<SslContext> serverTls() {
        return context.serverTls();
    }

    public GatewayMetrics metrics() {
        return context.metrics();
    }
}
