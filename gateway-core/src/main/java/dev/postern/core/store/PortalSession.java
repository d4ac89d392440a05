package dev.postern.core.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A signed-in portal session, kept in the store so that every gateway of the store knows it.
 *
 * @param idHash     SHA-256 (hex) of the id in the browser's session cookie; the id itself is never stored
 * @param user       the mail user it signed in as, normalised
 * @param csrfToken  the token every state-changing request of this session must carry
 * @param authTime   when the person last authenticated at the provider (the ID token's {@code auth_time})
 * @param createdAt  when the session began (its absolute timeout counts from here)
 * @param lastSeenAt its last request (its idle timeout counts from here)
 */
public record PortalSession(String idHash, String user, String csrfToken, Instant authTime, Instant createdAt,
                            Instant lastSeenAt) {

    public PortalSession {
        Objects.requireNonNull(idHash, "idHash");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(csrfToken, "csrfToken");
        Objects.requireNonNull(authTime, "authTime");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(lastSeenAt, "lastSeenAt");
    }

    /** Without the CSRF token. */
    @Override
    public String toString() {
        return "PortalSession[user=" + user + ", authTime=" + authTime + ", createdAt=" + createdAt + ", lastSeenAt="
                + lastSeenAt + "]";
    }
}
