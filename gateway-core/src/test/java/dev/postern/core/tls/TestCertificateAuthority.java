package dev.postern.core.tls;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;

/**
 * A throw-away certificate authority for tests: issues server certificates for chosen host names,
 * so upstream trust and host name verification can be tested against a real private CA.
 *
 * <pre>{@code
 * TestCertificateAuthority ca = TestCertificateAuthority.create("Test CA");
 * Path caFile = ca.writeCertificate(dir.resolve("ca.pem"));
 * CertificateFiles server = ca.issueTo(dir.resolve("server"), "localhost");
 * }</pre>
 */
public final class TestCertificateAuthority {
    private static final Duration VALIDITY = Duration.ofDays(30);

    private final CertificateSigner.Issuer issuer;
    private final X509Certificate certificate;

    private TestCertificateAuthority(CertificateSigner.Issuer issuer, X509Certificate certificate) {
        this.issuer = issuer;
        this.certificate = certificate;
    }

    /** A new CA with an EC P-256 key and a self-signed certificate named {@code CN=<name>}. */
    public static TestCertificateAuthority create(String name) {
        KeyPair keys = KeyAlgorithm.EC_P256.generateKeyPair();
        X500Name subject = CertificateSigner.commonName(name);
        CertificateSigner.Issuer issuer = new CertificateSigner.Issuer(subject, keys.getPublic(), keys.getPrivate());
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return new TestCertificateAuthority(issuer,
                CertificateSigner.authority(issuer, subject, keys.getPublic(), now.minus(Duration.ofHours(1)),
                        now.plus(VALIDITY)));
    }

    /** The CA's own certificate, the trust anchor. */
    public X509Certificate certificate() {
        return certificate;
    }

    /** Writes the CA certificate as PEM and returns the file. */
    public Path writeCertificate(Path file) {
        PemFileWriter.writeCertificates(file, List.of(certificate));
        return file;
    }

    /** An EC P-256 server certificate for the names (DNS or IP), with chain leaf then CA. */
    public PemMaterial issue(String... names) {
        return issue(KeyAlgorithm.EC_P256, names);
    }

    /** A server certificate of the given key type for the names, with chain leaf then CA. */
    public PemMaterial issue(KeyAlgorithm keyAlgorithm, String... names) {
        KeyPair keys = keyAlgorithm.generateKeyPair();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        X509Certificate leaf = CertificateSigner.server(issuer, CertificateSigner.commonName(names[0]),
                keys.getPublic(), List.of(names), now.minus(Duration.ofHours(1)), now.plus(VALIDITY));
        return new PemMaterial(List.of(leaf, certificate), keys.getPrivate());
    }

    /** Issues a server certificate and writes chain and key into {@code folder} as the demo file names. */
    public CertificateFiles issueTo(Path folder, String... names) {
        return TestPemFiles.write(folder, issue(names));
    }
}
