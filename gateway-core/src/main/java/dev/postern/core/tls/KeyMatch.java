package dev.postern.core.tls;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;

/** Proves that a private key belongs to a certificate by signing a random challenge with it. */
final class KeyMatch {
    private static final SecureRandom RANDOM = new SecureRandom();

    private KeyMatch() {
    }

    /** Throws when {@code key} is not the private half of {@code certificate}'s public key. */
    static void require(PrivateKey key, Path keyFile, X509Certificate certificate, Path certificateFile) {
        PublicKey publicKey = certificate.getPublicKey();
        if (!key.getAlgorithm().equals(publicKey.getAlgorithm())) {
            throw mismatch(keyFile, certificateFile,
                    "a " + key.getAlgorithm() + " key for a " + publicKey.getAlgorithm() + " certificate");
        }
        if (!signsFor(key, publicKey, keyFile)) {
            throw mismatch(keyFile, certificateFile, "the key is not the one the certificate was issued for");
        }
    }

    private static boolean signsFor(PrivateKey key, PublicKey publicKey, Path keyFile) {
        String algorithm = signatureAlgorithm(key, keyFile);
        byte[] challenge = new byte[32];
        RANDOM.nextBytes(challenge);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            // A key of another curve or size fails here rather than in verify(): same answer.
            return false;
        }
    }

    private static String signatureAlgorithm(PrivateKey key, Path keyFile) {
        switch (key.getAlgorithm()) {
            case "RSA":
                return "SHA256withRSA";
            case "EC":
                return "SHA256withECDSA";
            case "EdDSA":
            case "Ed25519":
            case "Ed448":
                return key.getAlgorithm();
            default:
                throw new TlsMaterialException(keyFile + ": unsupported key algorithm " + key.getAlgorithm()
                        + " (expected: RSA, EC or EdDSA)");
        }
    }

    private static TlsMaterialException mismatch(Path keyFile, Path certificateFile, String detail) {
        return new TlsMaterialException(keyFile + ": private key does not match the public key of the first"
                + " certificate in " + certificateFile + " (" + detail + ")");
    }
}
