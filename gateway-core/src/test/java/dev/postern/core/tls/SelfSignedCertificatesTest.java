package dev.postern.core.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelfSignedCertificatesTest {
    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;
    private static final Instant NOW = Instant.parse("2026-03-01T10:15:30Z");

    @TempDir
    Path dir;

    @Test
    void shouldWriteEcCertificateForLocalhostAndLoopbackByDefault() throws Exception {
        // when
        CertificateFiles files = SelfSignedCertificates.writeTo(dir);

        // then
        assertThat(files.certificate()).isEqualTo(dir.resolve("certificate.pem"));
        assertThat(files.privateKey()).isEqualTo(dir.resolve("private-key.pem"));
        assertThat(Files.readString(files.privateKey())).startsWith("-----BEGIN PRIVATE KEY-----");
        PemMaterial read = PemFiles.read(files.certificate(), files.privateKey());
        assertThat(read.privateKey().getAlgorithm()).isEqualTo("EC");
        assertThat(read.leaf().getSubjectAlternativeNames())
                .containsExactlyInAnyOrder(List.of(SAN_DNS, "localhost"), List.of(SAN_IP, "127.0.0.1"));
        assertThat(read.leaf().getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
    }

    @Test
    void shouldWriteRsa2048CertificateForGivenNames() throws Exception {
        // when
        CertificateFiles files = SelfSignedCertificates.builder().keyAlgorithm(KeyAlgorithm.RSA_2048)
                .names("mail.example.test", "::1").writeTo(dir.resolve("nested"));

        // then
        PemMaterial read = PemFiles.read(files.certificate(), files.privateKey());
        assertThat(((RSAPrivateKey) read.privateKey()).getModulus().bitLength()).isEqualTo(2048);
        assertThat(read.leaf().getSubjectX500Principal().getName()).isEqualTo("CN=mail.example.test");
        Collection<List<?>> names = read.leaf().getSubjectAlternativeNames();
        assertThat(names).containsExactlyInAnyOrder(List.of(SAN_DNS, "mail.example.test"), List.of(SAN_IP, "0:0:0:0:0:0:0:1"));
    }

    @Test
    void shouldCreatePrivateKeyReadableByOwnerOnly() throws Exception {
        // when
        CertificateFiles files = SelfSignedCertificates.writeTo(dir);

        // then
        assertThat(Files.getPosixFilePermissions(files.privateKey()))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void shouldSetValidityFromInjectedClock() {
        // given
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

        // when
        X509Certificate certificate = SelfSignedCertificates.builder().clock(clock).validity(Duration.ofDays(90))
                .generate().leaf();

        // then
        assertThat(CertificateExpiry.notAfter(certificate)).isEqualTo(NOW.plus(Duration.ofDays(90)));
        assertThat(certificate.getNotBefore().toInstant()).isEqualTo(NOW.minus(SelfSignedCertificates.CLOCK_SKEW));
        assertThat(CertificateExpiry.remaining(certificate, Clock.fixed(NOW.plus(Duration.ofDays(89)), ZoneOffset.UTC)))
                .isEqualTo(Duration.ofDays(1));
    }

    @Test
    void shouldReadExpiryOfLeafFromPemFile() {
        // given
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        CertificateFiles files = SelfSignedCertificates.builder().clock(clock).writeTo(dir);

        // when
        Instant notAfter = CertificateExpiry.notAfter(files.certificate());

        // then
        assertThat(notAfter).isEqualTo(NOW.plus(SelfSignedCertificates.DEFAULT_VALIDITY));
    }

    @Test
    void shouldRefuseEmptyNamesAndNonPositiveValidity() {
        assertThatThrownBy(() -> SelfSignedCertificates.builder().names(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("names: [] (expected: at least one non-blank name)");
        assertThatThrownBy(() -> SelfSignedCertificates.builder().validity(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("validity: PT0S (expected: positive)");
    }
}
