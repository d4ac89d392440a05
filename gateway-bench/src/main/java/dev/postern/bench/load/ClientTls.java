package dev.postern.bench.load;

import dev.postern.core.tls.PemFiles;
import dev.postern.core.tls.TlsProviders;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.nio.file.Path;
import javax.net.ssl.SSLException;

/**
 * The load generator's client TLS context. The provider follows the same rule as the gateway
 * ({@link TlsProviders}: OpenSSL when available, {@code -Dpostern.tls.provider=jdk} forces the
 * JDK), so both targets of a comparison face the same client. Handlers are made with the target's
 * host and port, so the provider may resume sessions as a mail client would.
 */
final class ClientTls {

    private ClientTls() {
    }

    /** Trusts the certificates of {@code trustPem}, or anything when {@code trustPem} is null. */
    static SslContext context(Path trustPem) {
        return context(trustPem, true);
    }

    /**
     * As {@link #context(Path)}; without {@code checkHostName} the server's name is not checked against
     * its certificate, for handlers made without the server's host and port (so that no session is ever
     * resumed: {@link Target#resumeTls()}). With {@code trustPem} pinning the one certificate the servers
     * present, the name check adds nothing.
     */
    static SslContext context(Path trustPem, boolean checkHostName) {
        SslContextBuilder builder = SslContextBuilder.forClient().sslProvider(TlsProviders.current());
        if (!checkHostName) {
            builder.endpointIdentificationAlgorithm(null);
        }
        if (trustPem == null) {
            builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
        } else {
            builder.trustManager(PemFiles.readCertificates(trustPem));
        }
        try {
            return builder.build();
        } catch (SSLException e) {
            throw new IllegalStateException("client TLS context (trust " + (trustPem == null ? "insecure" : trustPem)
                    + "): " + e.getMessage(), e);
        }
    }
}
