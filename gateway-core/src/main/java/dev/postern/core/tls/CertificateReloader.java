package dev.postern.core.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a renewed certificate into service without dropping sessions: on request (SIGHUP) and when
 * the content of the certificate or key file changed since the last attempt (a cheap periodic
 * check; certbot swaps symlinks in {@code live/}, so the bytes behind the path are compared, not
 * the path's own metadata). A new pair that cannot be served is refused with one log line naming
 * the file and the problem, and the previous certificate stays in use.
 *
 * <p>Thread-safe: the periodic check and a signal may run at the same time.
 */
public final class CertificateReloader {

    /** Outcome of one attempt. */
    public enum Outcome { RELOADED, UNCHANGED, REFUSED }

    private static final Logger LOG = LoggerFactory.getLogger(CertificateReloader.class);

    private final ReloadableServerTls tls;
    private final Path certificateFile;
    private final Path privateKeyFile;
    private byte[] lastSeen;

    /** Watches the files {@code tls} was loaded from; their current content counts as seen. */
    public CertificateReloader(ReloadableServerTls tls, Path certificateFile, Path privateKeyFile) {
        this.tls = Objects.requireNonNull(tls, "tls");
        this.certificateFile = Objects.requireNonNull(certificateFile, "certificateFile");
        this.privateKeyFile = Objects.requireNonNull(privateKeyFile, "privateKeyFile");
        this.lastSeen = fingerprint();
    }

    /** Re-reads both files whether or not they changed (SIGHUP). */
    public synchronized Outcome reload(String trigger) {
        lastSeen = fingerprint();
        return attempt(trigger);
    }

    /** Re-reads both files only if their content differs from the last attempt's. */
    public synchronized Outcome checkForChange() {
        byte[] now = fingerprint();
        if (Arrays.equals(now, lastSeen)) {
            return Outcome.UNCHANGED;
        }
        lastSeen = now;
        return attempt("files changed");
    }

    private Outcome attempt(String trigger) {
        try {
            tls.reload();
        } catch (TlsMaterialException refused) {
            LOG.warn("tls: refused the new certificate ({}): {}; still serving the previous one, valid until {}",
                    trigger, refused.getMessage(), tls.notAfter());
            return Outcome.REFUSED;
        }
        LOG.info("tls: now serving {} ({}), valid until {}", certificateFile, trigger, tls.notAfter());
        return Outcome.RELOADED;
    }

    /** SHA-256 over both files' bytes (a missing or unreadable file counts as its own state). */
    private byte[] fingerprint() {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
        for (Path file : new Path[] {certificateFile, privateKeyFile}) {
            try {
                byte[] content = Files.readAllBytes(file);
                digest.update(content);
                Arrays.fill(content, (byte) 0);
            } catch (IOException unreadable) {
                digest.update(("unreadable " + unreadable.getClass().getName()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            digest.update((byte) 0);
        }
        return digest.digest();
    }
}
