package dev.postern.core.tls;

/**
 * A certificate or private key file cannot be used: missing, not PEM, encrypted, or not matching.
 *
 * <p>The message names the file and the problem; it never contains key material.
 */
public class TlsMaterialException extends RuntimeException {
    public TlsMaterialException(String message) {
        super(message);
    }

    public TlsMaterialException(String message, Throwable cause) {
        super(message, cause);
    }
}
