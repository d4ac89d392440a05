package dev.postern.core.auth;

/**
 * Checks a secret against one encoded hash (any supported scheme). Slow by design; the verifier
 * calls it only on its hash pool. An interface so that tests can count and inspect verifications.
 */
@FunctionalInterface
public interface PasswordCheck {

    /**
     * @return whether {@code secret} matches {@code encodedHash}
     * @throws RuntimeException if the hash is in an unknown or malformed format
     */
    boolean matches(byte[] secret, String encodedHash);
}
