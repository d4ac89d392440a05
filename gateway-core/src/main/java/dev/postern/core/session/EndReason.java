package dev.postern.core.session;

import dev.postern.core.store.AppPasswordState;
import java.time.Instant;

/** Why the gateway ended a live session; the {@code reason} of its audit line. */
public enum EndReason {
    REVOKED("revoked"), EXPIRED("expired"), USER_REMOVED("user_removed"), SUSPENDED("suspended"),
    /** The user's upstream password was set anew or their mailbox connected anew: the session used the old one. */
    CREDENTIAL_CHANGED("upstream_credential_changed");

    private final String label;

    EndReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /**
     * Why a session of an app password in {@code state} must end now, or null if it may go on. A
     * missing state (the id is no longer stored) means its user was removed: removing the user is the
     * only way an app password leaves the store.
     */
    static EndReason of(AppPasswordState state, Instant now) {
        if (state == null) {
            return USER_REMOVED;
        }
        if (state.isRevoked()) {
            return REVOKED;
        }
        if (state.isUserSuspended()) {
            return SUSPENDED;
        }
        return state.isExpiredAt(now) ? EXPIRED : null;
    }
}
