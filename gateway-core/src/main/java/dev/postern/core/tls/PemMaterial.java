package dev.postern.core.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A certificate chain (leaf first) and the private key of its leaf, as read by {@link PemFiles}.
 *
 * <p>{@link #toString()} names the leaf subject and key algorithm only, never the key.
 */
public record PemMaterial(List<X509Certificate> certificateChain, PrivateKey privateKey) {

    public PemMaterial {
        certificateChain = List.copyOf(Objects.requireNonNull(certificateChain, "certificateChain"));
        Objects.requireNonNull(privateKey, "privateKey");
        if (certificateChain.isEmpty()) {
            throw new IllegalArgumentException("certificateChain: empty (expected: at least the leaf certificate)");
        }
    }

    /** The certificate that is presented for the private key (the first of the chain). */
    public X509Certificate leaf() {
        return certificateChain.get(0);
    }

    @Override
    public String toString() {
        return "PemMaterial[leaf=" + leaf().getSubjectX500Principal().getName()
                + ", chain=" + certificateChain.size() + ", key=" + privateKey.getAlgorithm() + "]";
    }
}
