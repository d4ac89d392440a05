package dev.postern.core.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postern.core.tls.TestPemFiles.KeyFormat;
import io.netty.handler.ssl.SslContext;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReloadableServerTlsTest {
    private static final TlsLoopback LOOPBACK = new TlsLoopback();

    @TempDir
    Path dir;

    @AfterAll
    static void shutDown() {
        LOOPBACK.close();
    }

    @Test
    void shouldServeNewCertificateAfterReload() throws Exception {
        // given
        PemMaterial first = SelfSignedCertificates.builder().generate();
        CertificateFiles files = TestPemFiles.write(dir, first);
        ReloadableServerTls tls = new ReloadableServerTls(files.certificate(), files.privateKey());
        PemMaterial second = SelfSignedCertificates.builder().keyAlgorithm(KeyAlgorithm.RSA_2048).generate();

        try (TlsLoopback.Server running = LOOPBACK.startServer(tls::current)) {
            TlsLoopback.Outcome before = LOOPBACK.connect(TlsContexts.forUpstreamInsecure(), "localhost",
                    running.port());

            // when
            TestPemFiles.write(dir, second);
            tls.reload();
            TlsLoopback.Outcome after = LOOPBACK.connect(TlsContexts.forUpstreamInsecure(), "localhost",
                    running.port());

            // then
            assertThat(before.peerLeaf()).isEqualTo(first.leaf());
            assertThat(after.peerLeaf()).isEqualTo(second.leaf());
            assertThat(tls.notAfter()).isEqualTo(second.leaf().getNotAfter().toInstant());
        }
    }

    @Test
    void shouldKeepServingOldContextWhenNewKeyDoesNotMatch() {
        // given
        CertificateFiles files = SelfSignedCertificates.writeTo(dir);
        ReloadableServerTls tls = new ReloadableServerTls(files.certificate(), files.privateKey());
        SslContext served = tls.current();
        TestPemFiles.writeKey(files.privateKey(), KeyAlgorithm.EC_P256.generateKeyPair().getPrivate(), KeyFormat.PKCS8);

        // when / then
        assertThatThrownBy(tls::reload)
                .isInstanceOf(TlsMaterialException.class)
                .hasMessageContaining("does not match");
        assertThat(tls.current()).isSameAs(served);
    }

    @Test
    void shouldKeepServingOldContextWhenCertificateFileIsGone() throws Exception {
        // given
        CertificateFiles files = SelfSignedCertificates.writeTo(dir);
        ReloadableServerTls tls = new ReloadableServerTls(files.certificate(), files.privateKey());
        SslContext served = tls.current();
        Files.delete(files.certificate());

        // when / then
        assertThatThrownBy(tls::reload)
                .isInstanceOf(TlsMaterialException.class)
                .hasMessage(files.certificate() + ": file not found");
        assertThat(tls.current()).isSameAs(served);
    }

    @Test
    void shouldRefuseToStartFromEncryptedKey() {
        // given
        PemMaterial material = SelfSignedCertificates.builder().generate();
        CertificateFiles files = TestPemFiles.write(dir, material);
        TestPemFiles.writeKey(files.privateKey(), material.privateKey(), KeyFormat.ENCRYPTED_TRADITIONAL);

        // when / then
        assertThatThrownBy(() -> new ReloadableServerTls(files.certificate(), files.privateKey()))
                .isInstanceOf(TlsMaterialException.class)
                .hasMessageContaining("openssl pkey");
    }
}
