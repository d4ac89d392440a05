package dev.postern.core.store;

import java.time.Instant;
import java.util.Objects;

/**
 * What a live session needs to know of the app password it logged in with: whose it is, whether it
 * was revoked and when it expires. Optional instants are null when absent.
 */
public record AppPasswordState(String id, String user, Instant expiresAt, Instant revokedAt) {

    public AppPasswordState {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(user, "user");
    }

    public boolean isRevoked() {
        return revokedAt != null;
    }

    public boolean isExpiredAt(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    /** Usable for a session now: neither revoked nor expired. */
    public boolean isActiveAt(Instant now) {
        return !isRevoked() && !isExpiredAt(now);
    }
}
