package dev.postern.core.auth.hash;

/**
 * A stored password hash that Postern cannot or will not verify: an unknown scheme, a malformed
 * string, or parameters outside the safe bounds. The message names the scheme and the problem and
 * never contains the hash itself.
 */
public final class UnsupportedHashException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UnsupportedHashException(String message) {
        super(message);
    }
}
