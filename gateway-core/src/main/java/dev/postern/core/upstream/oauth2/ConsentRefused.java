package dev.postern.core.upstream.oauth2;

/**
 * A user's consent could not be completed (declined, for another run, expired, refused by the
 * token endpoint); nothing was stored. The message says what happened and what to do, fit for the
 * person at the command line, and never holds a code, a verifier or a token.
 */
public final class ConsentRefused extends Exception {

    public ConsentRefused(String message) {
        super(message, null, false, false);
    }
}
