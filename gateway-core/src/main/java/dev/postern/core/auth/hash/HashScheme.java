package dev.postern.core.auth.hash;

/**
 * One stored-hash format that {@link PasswordHashes} can verify. Implementations are stateless
 * apart from fixed keys and are safe to share between threads.
 */
interface HashScheme {

    /** Scheme name for logs and metrics, e.g. {@code argon2id}. */
    String name();

    /** Whether {@code encoded} carries this scheme's prefix (it may still be malformed). */
    boolean recognises(String encoded);

    /**
     * Parses {@code encoded} and checks its parameters against the safe bounds.
     *
     * @throws UnsupportedHashException when malformed or out of bounds
     */
    void requireSupported(String encoded);

    /**
     * Recomputes the hash of {@code secret} and compares it in constant time.
     *
     * @throws UnsupportedHashException when {@code encoded} is malformed or out of bounds
     */
    boolean verify(byte[] secret, String encoded);
}
