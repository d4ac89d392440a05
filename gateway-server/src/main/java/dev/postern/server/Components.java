package dev.postern.server;

import dev.postern.core.auth.hash.Argon2Params;
import dev.postern.core.auth.hash.PasswordHashes;
import dev.postern.core.config.GatewayConfig;
import dev.postern.core.config.UpstreamConfig;
import dev.postern.core.tls.TlsContexts;
import dev.postern.core.upstream.UpstreamEndpoint;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.SecureRandom;

/** Builds the parts that both the gateway and the admin verbs need from a configuration. */
public final class Components {

    private Components() {
    }

    public static PasswordHashes passwordHashes(GatewayConfig config) {
        Argon2Params params = new Argon2Params(config.auth().argon2().memoryKib(), config.auth().argon2().iterations(),
                config.auth().argon2().parallelism());
        byte[] pepper = null;
        if (config.auth().pepperFile() != null) {
            try {
                pepper = Files.readAllBytes(config.auth().pepperFile());
            } catch (IOException e) {
                throw new UncheckedIOException("auth.pepper-file: " + config.auth().pepperFile() + ": cannot read ("
                        + e.getMessage() + ")", e);
            }
        }
        return new PasswordHashes(params, pepper, new SecureRandom());
    }

    public static UpstreamEndpoint endpoint(UpstreamConfig upstream) {
        UpstreamEndpoint.Security security = switch (upstream.tls()) {
            case IMPLICIT -> UpstreamEndpoint.Security.IMPLICIT;
            case STARTTLS -> UpstreamEndpoint.Security.STARTTLS;
            case NONE -> UpstreamEndpoint.Security.NONE;
        };
        SslContext context = null;
        if (security != UpstreamEndpoint.Security.NONE) {
            context = switch (upstream.trust().kind()) {
                case SYSTEM -> TlsContexts.forUpstreamSystemTrust();
                case PEM_FILE -> TlsContexts.forUpstreamTrustingPem(upstream.trust().pemFile());
                case INSECURE -> TlsContexts.forUpstreamInsecure();
            };
        }
        return new UpstreamEndpoint(upstream.address().host(), upstream.address().port(), security, context,
                upstream.serverName(), upstream.connectTimeout(), upstream.loginTimeout());
    }
}
