package dev.postern.core.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;

/**
 * Generates self-signed TLS server certificates for the {@code demo} command and for tests, and
 * writes them as {@code certificate.pem} plus an unencrypted PKCS#8 {@code private-key.pem}.
 *
 * <pre>{@code
 * CertificateFiles files = SelfSignedCertificates.writeTo(folder);            // localhost, 127.0.0.1, EC P-256
 * CertificateFiles rsa = SelfSignedCertificates.builder()
 *         .names("mail.example.test").keyAlgorithm(KeyAlgorithm.RSA_2048).writeTo(folder);
 * }</pre>
 */
public final class SelfSignedCertificates {
    public static final List<String> DEFAULT_NAMES = List.of("localhost", "127.0.0.1");
    public static final Duration DEFAULT_VALIDITY = Duration.ofDays(365);
    public static final String CERTIFICATE_FILE = "certificate.pem";
    public static final String PRIVATE_KEY_FILE = "private-key.pem";
    /** notBefore lies this far in the past, so that a client whose clock is slightly behind accepts it. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private SelfSignedCertificates() {
    }

    /** Writes an EC P-256 certificate for {@link #DEFAULT_NAMES}, valid for {@link #DEFAULT_VALIDITY}. */
    public static CertificateFiles writeTo(Path folder) {
        return builder().writeTo(folder);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Options of one certificate; every option has a default. */
    public static final class Builder {
        private List<String> names = DEFAULT_NAMES;
        private KeyAlgorithm keyAlgorithm = KeyAlgorithm.EC_P256;
        private Duration validity = DEFAULT_VALIDITY;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** DNS names and IP literals for the subject alternative names; the first is also the CN. */
        public Builder names(String... names) {
            return names(List.of(names));
        }

        public Builder names(List<String> names) {
            List<String> copy = List.copyOf(names);
            if (copy.isEmpty() || copy.stream().anyMatch(String::isBlank)) {
                throw new IllegalArgumentException("names: " + copy + " (expected: at least one non-blank name)");
            }
            this.names = copy;
            return this;
        }

        public Builder keyAlgorithm(KeyAlgorithm keyAlgorithm) {
            this.keyAlgorithm = Objects.requireNonNull(keyAlgorithm, "keyAlgorithm");
            return this;
        }

        public Builder validity(Duration validity) {
            if (validity.isNegative() || validity.isZero()) {
                throw new IllegalArgumentException("validity: " + validity + " (expected: positive)");
            }
            this.validity = validity;
            return this;
        }

        /** The clock that sets notBefore and notAfter. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** A fresh key pair and its self-signed certificate, in memory. */
        public PemMaterial generate() {
            KeyPair keys = keyAlgorithm.generateKeyPair();
            X500Name subject = CertificateSigner.commonName(names.get(0));
            Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
            X509Certificate certificate = CertificateSigner.server(
                    new CertificateSigner.Issuer(subject, keys.getPublic(), keys.getPrivate()),
                    subject, keys.getPublic(), names, now.minus(CLOCK_SKEW), now.plus(validity));
            return new PemMaterial(List.of(certificate), keys.getPrivate());
        }

        /**
         * Generates and writes {@value SelfSignedCertificates#CERTIFICATE_FILE} and
         * {@value SelfSignedCertificates#PRIVATE_KEY_FILE} into the folder, creating it if needed.
         */
        public CertificateFiles writeTo(Path folder) {
            PemMaterial material = generate();
            CertificateFiles files = new CertificateFiles(folder.resolve(CERTIFICATE_FILE),
                    folder.resolve(PRIVATE_KEY_FILE));
            try {
                Files.createDirectories(folder);
            } catch (IOException e) {
                throw new UncheckedIOException(folder + ": cannot create folder (" + e.getMessage() + ")", e);
            }
            PemFileWriter.writeCertificates(files.certificate(), material.certificateChain());
            PemFileWriter.writePrivateKey(files.privateKey(), material.privateKey());
            return files;
        }
    }
}
