package dev.postern.core.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * One stored app password. {@code hash} is the encoded hash (PHC string or bcrypt), never the
 * secret; it is still sensitive and must not be logged or printed. Optional instants are null
 * when absent. {@code lookupTag} is the non-secret tag of a generated secret
 * ({@code dev.postern.core.auth.LookupTag}); null for an imported hash, and for an app password made
 * before tags existed until its first successful login.
 */
public record AppPasswordRecord(
        String id,
        String user,
        String label,
        Set<Scope> scopes,
        String hash,
        String lookupTag,
        Instant createdAt,
        Instant expiresAt,
        Instant lastUsedAt,
        String lastUsedIp,
        Instant revokedAt,
        Limits limits) {

    public AppPasswordRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(limits, "limits");
        scopes = Set.copyOf(scopes);
        if (scopes.isEmpty()) {
            throw new IllegalArgumentException("scopes: empty (expected: at least one of imap, smtp)");
        }
    }

    /** A record without {@link Limits} beyond its scopes. */
    public AppPasswordRecord(String id, String user, String label, Set<Scope> scopes, String hash, String lookupTag,
                             Instant createdAt, Instant expiresAt, Instant lastUsedAt, String lastUsedIp,
                             Instant revokedAt) {
        this(id, user, label, scopes, hash, lookupTag, createdAt, expiresAt, lastUsedAt, lastUsedIp, revokedAt,
                Limits.NONE);
    }

    /** This record with {@code revokedAt} set. */
    public AppPasswordRecord revokedAt(Instant at) {
        return new AppPasswordRecord(id, user, label, scopes, hash, lookupTag, createdAt, expiresAt, lastUsedAt,
                lastUsedIp, at, limits);
    }

    public boolean isRevoked() {
        return revokedAt != null;
    }

    public boolean isExpiredAt(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    /** Usable for a login now: neither revoked nor expired (scope is checked separately). */
    public boolean isActiveAt(Instant now) {
        return !isRevoked() && !isExpiredAt(now);
    }

    @Override
    public String toString() {
        return "AppPasswordRecord[id=" + id + ", user=" + user + ", label=" + label + ", scopes=" + scopes
                + ", createdAt=" + createdAt + ", expiresAt=" + expiresAt + ", revokedAt=" + revokedAt
                + (limits.isNone() ? "" : ", " + limits) + "]";
    }
}
