package dev.postern.core.tls;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** When a served certificate stops being valid, for the expiry metric and start-up warnings. */
public final class CertificateExpiry {
    private CertificateExpiry() {
    }

    /** The notAfter instant of a certificate. */
    public static Instant notAfter(X509Certificate certificate) {
        return certificate.getNotAfter().toInstant();
    }

    /** The notAfter instant of the first (leaf) certificate of a PEM file. */
    public static Instant notAfter(Path certificateFile) {
        return notAfter(PemFiles.readCertificates(certificateFile).get(0));
    }

    /** Time left until the certificate expires; negative once it has. */
    public static Duration remaining(X509Certificate certificate, Clock clock) {
        return Duration.between(clock.instant(), notAfter(certificate));
    }
}
