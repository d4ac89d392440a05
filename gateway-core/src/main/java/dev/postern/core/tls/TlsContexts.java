package dev.postern.core.tls;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * Builds the Netty {@link SslContext}s of the gateway: one for the listeners that mail clients
 * connect to, and the three ways of trusting an upstream mail server.
 *
 * <p><b>Server side.</b> {@link #forServer(Path, Path)} serves TLS 1.3 and 1.2 with
 * {@link TlsPolicy#CIPHER_SUITES}. Implicit TLS (993, 465) adds {@code context.newHandler(ch.alloc())}
 * first in the pipeline; STARTTLS adds {@code new SslHandler(context.newEngine(ch.alloc()))} after
 * the "begin TLS" reply has been flushed.
 *
 * <p><b>Upstream side.</b> Host name verification is on (RFC 2818 / 6125 rules, "HTTPS") for
 * {@link #forUpstreamSystemTrust()} and {@link #forUpstreamTrustingPem(Path)}. It checks the name
 * that the handler was created for, so callers <em>must</em> create the handler with the configured
 * upstream server name, which also becomes the SNI name:
 * <pre>{@code
 * SslHandler tls = upstreamContext.newHandler(channel.alloc(), upstream.host(), upstream.port());
 * }</pre>
 * A handler from {@code newHandler(alloc)} knows no host and fails verification. Upstream contexts
 * use the provider's default cipher suites, so that older mail servers with TLS 1.2 still connect.
 *
 * <p><b>Provider.</b> OpenSSL (BoringSSL) when its native library loads, else the JDK; see
 * {@link TlsProviders}. Both are given the same protocols and (IANA-named) cipher suites.
 */
public final class TlsContexts {
    /** Endpoint identification algorithm of the JDK that checks the server name against the certificate. */
    static final String HOST_NAME_VERIFICATION = "HTTPS";

    private TlsContexts() {
    }

    /** A server context from a PEM certificate chain and private key; the key must match the leaf. */
    public static SslContext forServer(Path certificateFile, Path privateKeyFile) {
        PemMaterial material = PemFiles.read(certificateFile, privateKeyFile);
        try {
            return serverContext(material);
        } catch (SSLException | RuntimeException e) {
            throw new TlsMaterialException(certificateFile + ", " + privateKeyFile + ": cannot build a server TLS"
                    + " context (" + e.getMessage() + ")", e);
        }
    }

    /** A server context from material already read (and matched) by {@link PemFiles#read(Path, Path)}. */
    public static SslContext forServer(PemMaterial material) {
        try {
            return serverContext(material);
        } catch (SSLException e) {
            throw new TlsMaterialException(material + ": cannot build a server TLS context (" + e.getMessage() + ")", e);
        }
    }

    /** Upstream context that trusts the JVM's default CA certificates and verifies the host name. */
    public static SslContext forUpstreamSystemTrust() {
        return build(upstream().endpointIdentificationAlgorithm(HOST_NAME_VERIFICATION), "system trust");
    }

    /**
     * Upstream context that trusts only the certificates of a PEM file (a private CA, or the
     * server's own self-signed certificate) and verifies the host name.
     */
    public static SslContext forUpstreamTrustingPem(Path caFile) {
        List<X509Certificate> anchors = PemFiles.readCertificates(caFile);
        return build(upstream().trustManager(anchors).endpointIdentificationAlgorithm(HOST_NAME_VERIFICATION),
                "trust " + caFile);
    }

    /**
     * Upstream context that accepts any certificate for any name: encryption without authentication,
     * for a test upstream on a trusted network only. A man in the middle is not detected.
     */
    public static SslContext forUpstreamInsecure() {
        // Netty's insecure trust manager skips the name check itself; no algorithm keeps the JDK from adding one.
        return build(upstream().trustManager(InsecureTrustManagerFactory.INSTANCE).endpointIdentificationAlgorithm(null),
                "insecure");
    }

    private static SslContext serverContext(PemMaterial material) throws SSLException {
        return SslContextBuilder.forServer(material.privateKey(), material.certificateChain())
                .sslProvider(TlsProviders.current())
                .protocols(TlsPolicy.PROTOCOLS)
                .ciphers(TlsPolicy.CIPHER_SUITES, SupportedCipherSuiteFilter.INSTANCE)
                .build();
    }

    private static SslContextBuilder upstream() {
        return SslContextBuilder.forClient().sslProvider(TlsProviders.current()).protocols(TlsPolicy.PROTOCOLS);
    }

    private static SslContext build(SslContextBuilder builder, String description) {
        try {
            return builder.build();
        } catch (SSLException e) {
            throw new TlsMaterialException("upstream TLS context (" + description + "): " + e.getMessage(), e);
        }
    }
}
