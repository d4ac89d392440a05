package dev.postern.core.seal;

/**
 * A sealed secret could not be opened: wrong key, altered bytes, sealed for another user, or an
 * unknown format version. The message never contains key material or plaintext.
 */
public class SealedSecretException extends RuntimeException {
    public SealedSecretException(String message) {
        super(message);
    }

    public SealedSecretException(String message, Throwable cause) {
        super(message, cause);
    }
}
