package dev.postern.core.store;

import java.time.Instant;
import java.util.Objects;

/**
 * What a live session needs to know of the app password it logged in with: whose it is, whether it
 * was revoked, when it expires, since when its user is suspended, and the version of the user's
 * upstream credential (it moves whenever the upstream password is set or the mailbox connected anew:
 * sessions logged in with the old one must end). Optional instants are null when absent.
 */
public record AppPasswordState(String id, String user, Instant expiresAt, Instant revokedAt, Instant userSuspendedAt,
                               long userCredentialVersion) {

    public AppPasswordState {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(user, "user");
    }

    /** The state of an app password whose user's upstream credential was never changed. */
    public AppPasswordState(String id, String user, Instant expiresAt, Instant revokedAt, Instant userSuspendedAt) {
        this(id, user, expiresAt, revokedAt, userSuspendedAt, 0);
    }

    /** The state of an app password whose user is not suspended. */
    public AppPasswordState(String id, String user, Instant expiresAt, Instant revokedAt) {
        this(id, user, expiresAt, revokedAt, null);
    }

    /** Its user is suspended ({@code postern users suspend}): no session may use it until they are resumed. */
    public boolean isUserSuspended() {
        return userSuspendedAt != null;
    }

    public boolean isRevoked() {
        return revokedAt != null;
    }

    public boolean isExpiredAt(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    /** Usable for a session now: neither revoked nor expired, and its user not suspended. */
    public boolean isActiveAt(Instant now) {
        return !isRevoked() && !isExpiredAt(now) && !isUserSuspended();
    }
}
