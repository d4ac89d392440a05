package dev.postern.core.observe;

import java.util.Locale;

/** How a login attempt ended, as the {@code outcome} label of {@link Meters#LOGIN_ATTEMPTS}. */
public enum LoginOutcome {
    /** Credential accepted and the upstream session established. */
    SUCCESS,
    /** Credential refused (the client's fault or an unknown user). */
    REJECTED,
    /** Could not be decided or completed: store, hash pool or upstream trouble (the gateway's side). */
    UNAVAILABLE,
    /**
     * Credential accepted (and perhaps the upstream login done) but the session never started: the
     * client left first, or sent more than the pre-login limit behind its login.
     */
    ABANDONED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
