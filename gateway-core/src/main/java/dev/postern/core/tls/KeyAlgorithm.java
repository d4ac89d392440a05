package dev.postern.core.tls;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;

/** Key types the gateway generates for certificates, each with the signature algorithm it signs with. */
public enum KeyAlgorithm {
    /** ECDSA on NIST P-256: small, fast, accepted by every current mail client. */
    EC_P256("EC", "SHA256withECDSA"),
    /** RSA 2048 bits, for old clients without ECDSA. */
    RSA_2048("RSA", "SHA256withRSA");

    private final String jcaName;
    private final String signatureAlgorithm;

    KeyAlgorithm(String jcaName, String signatureAlgorithm) {
        this.jcaName = jcaName;
        this.signatureAlgorithm = signatureAlgorithm;
    }

    /** A fresh key pair from the JDK's providers. */
    public KeyPair generateKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(jcaName);
            if (this == EC_P256) {
                generator.initialize(new ECGenParameterSpec("secp256r1"));
            } else {
                generator.initialize(2048);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK cannot generate a " + this + " key pair", e);
        }
    }

    /** The JCA signature algorithm used when a key of this type signs a certificate. */
    public String signatureAlgorithm() {
        return signatureAlgorithm;
    }

    /** The type of an existing private key; throws for types the gateway does not sign with. */
    static KeyAlgorithm of(PrivateKey key) {
        for (KeyAlgorithm algorithm : values()) {
            if (algorithm.jcaName.equals(key.getAlgorithm())) {
                return algorithm;
            }
        }
        throw new IllegalArgumentException("key algorithm " + key.getAlgorithm() + " (expected: EC or RSA)");
    }
}
