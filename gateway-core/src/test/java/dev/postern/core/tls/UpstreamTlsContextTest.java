package dev.postern.core.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.ssl.SslContext;
import java.nio.file.Path;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpstreamTlsContextTest {
    private static final TlsLoopback LOOPBACK = new TlsLoopback();
    private static final TestCertificateAuthority CA = TestCertificateAuthority.create("Postern Upstream Test CA");

    @TempDir
    Path dir;
    private Path caFile;

    @BeforeEach
    void writeCa() {
        caFile = CA.writeCertificate(dir.resolve("ca.pem"));
    }

    @AfterAll
    static void shutDown() {
        LOOPBACK.close();
    }

    @Test
    void shouldConnectToServerIssuedForHostByTrustedCa() throws Exception {
        // given
        PemMaterial server = CA.issue("localhost");

        // when
        TlsLoopback.Outcome outcome = connect(TlsContexts.forUpstreamTrustingPem(caFile), server, "localhost");

        // then
        assertThat(outcome.failure()).isNull();
        assertThat(outcome.peerLeaf()).isEqualTo(server.leaf());
        assertThat(outcome.greeting()).isEqualTo(TlsLoopback.GREETING);
    }

    @Test
    void shouldConnectByIpAddressWhenCertificateNamesIt() throws Exception {
        // given
        PemMaterial server = CA.issue("mail.example.test", "127.0.0.1");

        // when
        TlsLoopback.Outcome outcome = connect(TlsContexts.forUpstreamTrustingPem(caFile), server, "127.0.0.1");

        // then
        assertThat(outcome.failure()).isNull();
    }

    @Test
    void shouldRefuseTrustedCertificateIssuedForAnotherHost() throws Exception {
        // given
        PemMaterial server = CA.issue("imap.example.test");

        // when
        TlsLoopback.Outcome outcome = connect(TlsContexts.forUpstreamTrustingPem(caFile), server, "localhost");

        // then
        assertThat(outcome.failure()).isInstanceOf(SSLHandshakeException.class)
                .hasRootCauseInstanceOf(CertificateException.class)
                .rootCause().hasMessageContaining("localhost");
    }

    @Test
    void shouldRefuseVerifiedConnectionWhenHandlerWasCreatedWithoutHost() throws Exception {
        // given: a certificate that would be accepted for "localhost"
        PemMaterial server = CA.issue("localhost");

        // when: the handler is made with newHandler(alloc), which knows no peer host
        TlsLoopback.Outcome outcome = connect(TlsContexts.forUpstreamTrustingPem(caFile), server, null);

        // then
        assertThat(outcome.failure()).isInstanceOf(SSLHandshakeException.class)
                .hasRootCauseInstanceOf(CertificateException.class);
    }

    @Test
    void shouldRefuseCertificateFromAnotherIssuer() throws Exception {
        // given
        PemMaterial server = TestCertificateAuthority.create("Someone Else's CA").issue("localhost");

        // when
        TlsLoopback.Outcome outcome = connect(TlsContexts.forUpstreamTrustingPem(caFile), server, "localhost");

        // then
        assertThat(outcome.failure()).isInstanceOf(SSLHandshakeException.class)
                .hasRootCauseInstanceOf(CertPathBuilderException.class);
    }

    @Test
    void shouldRefuseSelfSignedServerWithSystemTrust() throws Exception {
        // given
        PemMaterial server = SelfSignedCertificates.builder().generate();

        // when
        TlsLoopback.Outcome outcome = connect(TlsContexts.forUpstreamSystemTrust(), server, "localhost");

        // then
        assertThat(outcome.failure()).isInstanceOf(SSLHandshakeException.class)
                .rootCause().hasMessageContaining("unable to find valid certification path");
    }

    @Test
    void shouldConnectInsecurelyToUntrustedCertificateForAnotherHost() throws Exception {
        // given
        PemMaterial server = TestCertificateAuthority.create("Unknown CA").issue("imap.example.test");

        // when
        TlsLoopback.Outcome outcome = connect(TlsContexts.forUpstreamInsecure(), server, "localhost");

        // then
        assertThat(outcome.failure()).isNull();
        assertThat(outcome.greeting()).isEqualTo(TlsLoopback.GREETING);
    }

    @Test
    void shouldConnectInsecurelyToSelfSignedRsaCertificate() throws Exception {
        // given
        PemMaterial server = SelfSignedCertificates.builder().keyAlgorithm(KeyAlgorithm.RSA_2048)
                .names("elsewhere.example.test").generate();

        // when
        TlsLoopback.Outcome outcome = connect(TlsContexts.forUpstreamInsecure(), server, "localhost");

        // then
        assertThat(outcome.failure()).isNull();
    }

    private static TlsLoopback.Outcome connect(SslContext client, PemMaterial server, String host)
            throws Exception {
        try (TlsLoopback.Server running = LOOPBACK.startServer(TlsContexts.forServer(server))) {
            return LOOPBACK.connect(client, host, running.port());
        }
    }
}
