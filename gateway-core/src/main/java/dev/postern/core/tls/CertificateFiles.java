package dev.postern.core.tls;

import java.nio.file.Path;
import java.util.Objects;

/** Where a certificate chain and its private key were written, as two PEM files. */
public record CertificateFiles(Path certificate, Path privateKey) {
    public CertificateFiles {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
    }
}
