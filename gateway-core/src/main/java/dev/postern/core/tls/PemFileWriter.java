package dev.postern.core.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/**
 * Writes certificates and unencrypted PKCS#8 private keys as PEM files, replacing a file atomically.
 * Private key files are created readable by their owner only where the file system supports it.
 */
public final class PemFileWriter {
    private PemFileWriter() {
    }

    /** Writes the certificates as consecutive {@code CERTIFICATE} blocks, in list order. */
    public static void writeCertificates(Path file, List<X509Certificate> certificates) {
        write(file, false, pem -> {
            for (X509Certificate certificate : certificates) {
                pem.writeObject(certificate);
            }
        });
    }

    /** Writes the key as one PKCS#8 {@code PRIVATE KEY} block into an owner-only file. */
    public static void writePrivateKey(Path file, PrivateKey key) {
        write(file, true, pem -> pem.writeObject(new JcaPKCS8Generator(key, null)));
    }

    private interface PemContent {
        void writeTo(JcaPEMWriter pem) throws IOException;
    }

    private static void write(Path file, boolean ownerOnly, PemContent content) {
        Path absolute = file.toAbsolutePath();
        try {
            Path temporary = ownerOnly && posix()
                    ? Files.createTempFile(absolute.getParent(), ".pem-", ".tmp",
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                    : Files.createTempFile(absolute.getParent(), ".pem-", ".tmp");
            try {
                try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.US_ASCII);
                        JcaPEMWriter pem = new JcaPEMWriter(writer)) {
                    content.writeTo(pem);
                }
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write PEM file (" + e.getMessage() + ")", e);
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
