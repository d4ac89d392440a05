package dev.postern.core.tls;

import io.netty.handler.ssl.SslContext;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Objects;

/**
 * The server {@link SslContext} of a listener, built from two PEM files and replaceable while the
 * gateway runs. New connections take {@link #current()}; established ones keep the context they
 * started with. A reload from bad files throws and leaves the served context untouched.
 */
public final class ReloadableServerTls {
    private final Path certificateFile;
    private final Path privateKeyFile;
    // Written by reload() on any thread, read by every accepting event loop: volatile publishes it whole.
    private volatile Served served;

    private record Served(SslContext context, X509Certificate leaf) {
    }

    /** Loads the files now; throws {@link TlsMaterialException} if they cannot be served. */
    public ReloadableServerTls(Path certificateFile, Path privateKeyFile) {
        this.certificateFile = Objects.requireNonNull(certificateFile, "certificateFile");
        this.privateKeyFile = Objects.requireNonNull(privateKeyFile, "privateKeyFile");
        this.served = load();
    }

    /** The context for the next accepted connection. */
    public SslContext current() {
        return served.context();
    }

    /** When the certificate currently served expires (its notAfter). */
    public Instant notAfter() {
        return CertificateExpiry.notAfter(served.leaf());
    }

    /** Re-reads both files and swaps the context; on failure the previous context stays in use. */
    public void reload() throws TlsMaterialException {
        served = load();
    }

    private Served load() {
        PemMaterial material = PemFiles.read(certificateFile, privateKeyFile);
        return new Served(TlsContexts.forServer(material), material.leaf());
    }

    @Override
    public String toString() {
        return "ReloadableServerTls[" + certificateFile + ", " + privateKeyFile + "]";
    }
}
