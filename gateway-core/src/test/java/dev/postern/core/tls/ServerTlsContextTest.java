package dev.postern.core.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postern.core.tls.TestPemFiles.KeyFormat;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.ReferenceCountUtil;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServerTlsContextTest {
    private static final TlsLoopback LOOPBACK = new TlsLoopback();

    @TempDir
    Path dir;

    @AfterAll
    static void shutDown() {
        LOOPBACK.close();
    }

    @ParameterizedTest(name = "{0} key as {1}")
    @CsvSource({"RSA_2048, TRADITIONAL", "RSA_2048, PKCS8", "EC_P256, TRADITIONAL", "EC_P256, PKCS8"})
    void shouldCompleteTls13HandshakeWithKeyInEachLayout(KeyAlgorithm algorithm, KeyFormat format) throws Exception {
        // given
        PemMaterial material = SelfSignedCertificates.builder().keyAlgorithm(algorithm).generate();
        CertificateFiles files = TestPemFiles.write(dir, material);
        TestPemFiles.writeKey(files.privateKey(), material.privateKey(), format);
        SslContext server = TlsContexts.forServer(files.certificate(), files.privateKey());

        // when
        TlsLoopback.Outcome outcome;
        try (TlsLoopback.Server running = LOOPBACK.startServer(server)) {
            outcome = LOOPBACK.connect(TlsContexts.forUpstreamTrustingPem(files.certificate()), "localhost",
                    running.port());
        }

        // then
        assertThat(outcome.failure()).isNull();
        assertThat(outcome.protocol()).isEqualTo("TLSv1.3");
        assertThat(outcome.peerLeaf()).isEqualTo(material.leaf());
        assertThat(outcome.greeting()).isEqualTo(TlsLoopback.GREETING);
    }

    @ParameterizedTest
    @CsvSource({"RSA_2048, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "EC_P256, TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"})
    void shouldNegotiateIntermediateSuiteWithTls12Client(KeyAlgorithm algorithm, String expectedSuite)
            throws Exception {
        // given
        CertificateFiles files = SelfSignedCertificates.builder().keyAlgorithm(algorithm).writeTo(dir);
        SslContext tls12Client = client("TLSv1.2", null);

        // when
        TlsLoopback.Outcome outcome;
        try (TlsLoopback.Server running = LOOPBACK.startServer(
                TlsContexts.forServer(files.certificate(), files.privateKey()))) {
            outcome = LOOPBACK.connect(tls12Client, "localhost", running.port());
        }

        // then
        assertThat(outcome.failure()).isNull();
        assertThat(outcome.protocol()).isEqualTo("TLSv1.2");
        assertThat(outcome.cipherSuite()).isEqualTo(expectedSuite);
    }

    @Test
    void shouldRefuseTls12ClientOfferingOnlyCbcSuites() throws Exception {
        // given: a suite the JDK enables by default but Mozilla intermediate leaves out
        CertificateFiles files = SelfSignedCertificates.builder().keyAlgorithm(KeyAlgorithm.RSA_2048).writeTo(dir);
        SslContext cbcClient = client("TLSv1.2", List.of("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"));

        // when
        TlsLoopback.Outcome outcome;
        SslHandshakeCompletionEvent serverSide;
        try (TlsLoopback.Server running = LOOPBACK.startServer(
                TlsContexts.forServer(files.certificate(), files.privateKey()))) {
            outcome = LOOPBACK.connect(cbcClient, "localhost", running.port());
            serverSide = running.nextHandshake();
        }

        // then
        assertThat(outcome.failure()).isInstanceOf(SSLHandshakeException.class);
        assertThat(serverSide.cause()).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void shouldRefuseTls11ClientWithProtocolVersionAlert() throws Exception {
        // given
        CertificateFiles files = SelfSignedCertificates.builder().keyAlgorithm(KeyAlgorithm.RSA_2048).writeTo(dir);

        // when
        LegacyClientHello.Reply reply;
        SslHandshakeCompletionEvent serverSide;
        try (TlsLoopback.Server running = LOOPBACK.startServer(
                TlsContexts.forServer(files.certificate(), files.privateKey()))) {
            reply = LegacyClientHello.send(running.port());
            serverSide = running.nextHandshake();
        }

        // then
        assertThat(reply).isEqualTo(new LegacyClientHello.Reply(LegacyClientHello.ALERT_RECORD,
                LegacyClientHello.FATAL, LegacyClientHello.PROTOCOL_VERSION_ALERT));
        assertThat(serverSide.isSuccess()).isFalse();
    }

    @Test
    void shouldEnableOnlyTls13And12AndIntermediateSuites() {
        // given
        CertificateFiles files = SelfSignedCertificates.writeTo(dir);
        SslContext server = TlsContexts.forServer(files.certificate(), files.privateKey());

        // when
        SSLEngine engine = server.newEngine(ByteBufAllocator.DEFAULT);

        // then
        try {
            // Netty's OpenSSL engine always lists the pseudo-protocol SSLv2Hello; BoringSSL accepts no SSLv2 hello.
            assertThat(engine.getEnabledProtocols()).filteredOn(p -> !p.equals("SSLv2Hello"))
                    .containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
            // The policy's suites the provider has, in the policy's order (BoringSSL has no DHE suites).
            List<String> offered = TlsPolicy.CIPHER_SUITES.stream()
                    .filter(suite -> TlsProviders.current() == SslProvider.JDK || !suite.contains("_DHE_")).toList();
            assertThat(engine.getEnabledCipherSuites()).containsExactlyInAnyOrderElementsOf(offered);
            assertThat(server.cipherSuites()).containsExactlyInAnyOrderElementsOf(offered);
            // The server's order decides among TLS 1.2 suites (BoringSSL orders its fixed TLS 1.3 suites itself).
            assertThat(tls12(List.of(engine.getEnabledCipherSuites()))).containsExactlyElementsOf(tls12(offered));
            if (TlsProviders.current() == SslProvider.JDK) {
                assertThat(engine.getEnabledCipherSuites()).containsExactlyElementsOf(offered);
            }
        } finally {
            ReferenceCountUtil.release(engine);
        }
    }

    @Test
    void shouldRefuseKeyNotMatchingCertificate() {
        // given
        CertificateFiles files = SelfSignedCertificates.writeTo(dir);
        Path otherKey = TestPemFiles.writeKey(dir.resolve("other.pem"),
                KeyAlgorithm.EC_P256.generateKeyPair().getPrivate(), KeyFormat.PKCS8);

        // when / then
        assertThatThrownBy(() -> TlsContexts.forServer(files.certificate(), otherKey))
                .isInstanceOf(TlsMaterialException.class)
                .hasMessage(otherKey + ": private key does not match the public key of the first certificate in "
                        + files.certificate() + " (the key is not the one the certificate was issued for)");
    }

    @Test
    void shouldRefuseEncryptedKey() {
        // given
        PemMaterial material = SelfSignedCertificates.builder().generate();
        CertificateFiles files = TestPemFiles.write(dir, material);
        TestPemFiles.writeKey(files.privateKey(), material.privateKey(), KeyFormat.ENCRYPTED_PKCS8);

        // when / then
        assertThatThrownBy(() -> TlsContexts.forServer(files.certificate(), files.privateKey()))
                .isInstanceOf(TlsMaterialException.class)
                .hasMessage(files.privateKey() + ": " + PemFiles.ENCRYPTED_KEY);
    }

    private static SslContext client(String protocol, List<String> ciphers) throws Exception {
        return SslContextBuilder.forClient().sslProvider(SslProvider.JDK).protocols(protocol).ciphers(ciphers)
                .trustManager(InsecureTrustManagerFactory.INSTANCE).endpointIdentificationAlgorithm(null).build();
    }

    private static List<String> tls12(List<String> suites) {
        return suites.stream().filter(suite -> suite.startsWith("TLS_ECDHE_") || suite.startsWith("TLS_DHE_")).toList();
    }
}
