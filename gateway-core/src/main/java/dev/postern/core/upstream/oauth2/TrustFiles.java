package dev.postern.core.upstream.oauth2;

import dev.postern.core.tls.PemFiles;
import dev.postern.core.tls.TlsMaterialException;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/** The certificates of a PEM file as the only ones a token endpoint's certificate may chain to. */
final class TrustFiles {

    private TrustFiles() {
    }

    /** @throws IllegalArgumentException naming {@code trust}, the file and what is wrong */
    static SSLSocketFactory socketFactory(Path pemFile) {
        List<X509Certificate> certificates;
        try {
            certificates = PemFiles.readCertificates(pemFile);
        } catch (TlsMaterialException e) {
            throw new IllegalArgumentException("trust: " + e.getMessage(), e);
        }
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            for (int i = 0; i < certificates.size(); i++) {
                store.setCertificateEntry("trusted-" + i, certificates.get(i));
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("trust: " + pemFile + ": cannot build a trust store (" + e.getMessage() + ")", e);
        }
    }
}
