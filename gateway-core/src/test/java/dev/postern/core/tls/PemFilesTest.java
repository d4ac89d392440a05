package dev.postern.core.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postern.core.tls.TestPemFiles.KeyFormat;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class PemFilesTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} as {1}")
    @CsvSource({"RSA_2048, PKCS8", "RSA_2048, TRADITIONAL", "EC_P256, PKCS8", "EC_P256, TRADITIONAL",
            "EC_P256, EC_PARAMETERS_THEN_SEC1",
            "EC_P256, SEC1_WITHOUT_PUBLIC_KEY"})
    void shouldReadUnencryptedKeyInEveryLayout(KeyAlgorithm algorithm, KeyFormat format) {
        // given
        PemMaterial generated = SelfSignedCertificates.builder().keyAlgorithm(algorithm).generate();
        Path keyFile = TestPemFiles.writeKey(dir.resolve("key.pem"), generated.privateKey(), format);
        Path certificateFile = writeChain(generated);

        // when
        PemMaterial read = PemFiles.read(certificateFile, keyFile);

        // then
        assertThat(scalarOf(read.privateKey())).isEqualTo(scalarOf(generated.privateKey()));
        assertThat(read.leaf()).isEqualTo(generated.leaf());
    }

    @Test
    void shouldKeepChainInFileOrder() {
        // given
        TestCertificateAuthority ca = TestCertificateAuthority.create("Order CA");
        CertificateFiles files = ca.issueTo(dir, "localhost");

        // when
        PemMaterial read = PemFiles.read(files.certificate(), files.privateKey());

        // then
        assertThat(read.certificateChain()).hasSize(2);
        assertThat(read.certificateChain().get(1)).isEqualTo(ca.certificate());
    }

    @ParameterizedTest
    @EnumSource(value = KeyFormat.class, names = {"ENCRYPTED_PKCS8", "ENCRYPTED_TRADITIONAL"})
    void shouldRefuseEncryptedKeyWithHowToDecrypt(KeyFormat format) {
        // given
        PrivateKey key = KeyAlgorithm.EC_P256.generateKeyPair().getPrivate();
        Path keyFile = TestPemFiles.writeKey(dir.resolve("encrypted.pem"), key, format);

        // when / then
        assertThatThrownBy(() -> PemFiles.readPrivateKey(keyFile))
                .isInstanceOf(TlsMaterialException.class)
                .hasMessageContaining(keyFile.toString())
                .hasMessageContaining("encrypted")
                .hasMessageContaining("openssl pkey -in key.pem -out key.pem");
    }

    @Test
    void shouldRefuseKeyThatDoesNotMatchCertificateWithoutEchoingIt() throws Exception {
        // given
        PemMaterial generated = SelfSignedCertificates.builder().generate();
        PrivateKey otherKey = KeyAlgorithm.EC_P256.generateKeyPair().getPrivate();
        Path keyFile = TestPemFiles.writeKey(dir.resolve("other-key.pem"), otherKey, KeyFormat.PKCS8);
        Path certificateFile = writeChain(generated);

        // when / then
        assertThatThrownBy(() -> PemFiles.read(certificateFile, keyFile))
                .isInstanceOf(TlsMaterialException.class)
                .hasMessageContaining(keyFile.toString())
                .hasMessageContaining(certificateFile.toString())
                .hasMessageContaining("does not match")
                .message().doesNotContain(Base64.getEncoder().encodeToString(otherKey.getEncoded()).substring(0, 40))
                .doesNotContain(Files.readString(keyFile).lines().skip(1).findFirst().orElseThrow());
    }

    @Test
    void shouldRefuseKeyOfAnotherAlgorithmThanCertificate() {
        // given
        Path certificateFile = writeChain(SelfSignedCertificates.builder().keyAlgorithm(KeyAlgorithm.EC_P256).generate());
        Path keyFile = TestPemFiles.writeKey(dir.resolve("rsa.pem"),
                KeyAlgorithm.RSA_2048.generateKeyPair().getPrivate(), KeyFormat.TRADITIONAL);

        // when / then
        assertThatThrownBy(() -> PemFiles.read(certificateFile, keyFile))
                .isInstanceOf(TlsMaterialException.class)
                .hasMessageContaining("does not match")
                .hasMessageContaining("a RSA key for a EC certificate");
    }

    @Test
    void shouldRefuseFileWithoutPemBlocks() throws Exception {
        // given
        Path der = Files.write(dir.resolve("certificate.der"),
                SelfSignedCertificates.builder().generate().leaf().getEncoded());

        // when / then
        assertThatThrownBy(() -> PemFiles.readCertificates(der))
                .isInstanceOf(TlsMaterialException.class)
                .hasMessage(der + ": " + PemFiles.NOT_PEM);
    }

    @Test
    void shouldRefuseCertificateFileHoldingOnlyAKey() {
        // given
        Path keyFile = TestPemFiles.writeKey(dir.resolve("key.pem"),
                KeyAlgorithm.EC_P256.generateKeyPair().getPrivate(), KeyFormat.PKCS8);

        // when / then
        assertThatThrownBy(() -> PemFiles.readCertificates(keyFile))
                .isInstanceOf(TlsMaterialException.class)
                .hasMessage(keyFile + ": " + PemFiles.NO_CERTIFICATE);
    }

    @Test
    void shouldRefuseKeyFileHoldingOnlyCertificates() {
        // given
        Path certificateFile = writeChain(SelfSignedCertificates.builder().generate());

        // when / then
        assertThatThrownBy(() -> PemFiles.readPrivateKey(certificateFile))
                .isInstanceOf(TlsMaterialException.class)
                .hasMessage(certificateFile + ": " + PemFiles.NO_PRIVATE_KEY);
    }

    @Test
    void shouldRefuseKeyFileHoldingTwoKeys() throws Exception {
        // given
        Path first = TestPemFiles.writeKey(dir.resolve("a.pem"),
                KeyAlgorithm.EC_P256.generateKeyPair().getPrivate(), KeyFormat.PKCS8);
        Path second = TestPemFiles.writeKey(dir.resolve("b.pem"),
                KeyAlgorithm.EC_P256.generateKeyPair().getPrivate(), KeyFormat.PKCS8);
        Path both = Files.writeString(dir.resolve("both.pem"), Files.readString(first) + Files.readString(second));

        // when / then
        assertThatThrownBy(() -> PemFiles.readPrivateKey(both))
                .isInstanceOf(TlsMaterialException.class)
                .hasMessage(both + ": " + PemFiles.SEVERAL_PRIVATE_KEYS);
    }

    @Test
    void shouldRefuseCorruptBlockNamingTheFile() throws Exception {
        // given
        Path corrupt = Files.writeString(dir.resolve("corrupt.pem"),
                "-----BEGIN CERTIFICATE-----\nAAAAAAAA\n-----END CERTIFICATE-----\n", StandardCharsets.US_ASCII);

        // when / then
        assertThatThrownBy(() -> PemFiles.readCertificates(corrupt))
                .isInstanceOf(TlsMaterialException.class)
                .hasMessageStartingWith(corrupt + ": unreadable PEM content");
    }

    @Test
    void shouldNameMissingFile() {
        Path missing = dir.resolve("missing.pem");

        assertThatThrownBy(() -> PemFiles.readPrivateKey(missing))
                .isInstanceOf(TlsMaterialException.class)
                .hasMessage(missing + ": file not found");
    }

    @Test
    void shouldNotShowKeyInToString() {
        PemMaterial material = SelfSignedCertificates.builder().generate();

        assertThat(material.toString()).isEqualTo("PemMaterial[leaf=CN=localhost, chain=1, key=EC]");
    }

    /** The secret number of a key: encodings differ between layouts, the key itself does not. */
    private static BigInteger scalarOf(PrivateKey key) {
        return key instanceof ECPrivateKey ec ? ec.getS() : ((RSAPrivateKey) key).getPrivateExponent();
    }

    private Path writeChain(PemMaterial material) {
        Path file = dir.resolve("certificate.pem");
        PemFileWriter.writeCertificates(file, material.certificateChain());
        return file;
    }
}
