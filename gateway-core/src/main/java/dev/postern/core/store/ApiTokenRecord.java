package dev.postern.core.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One bearer token of the admin REST API. {@code tokenHash} is the SHA-256 of the token (hex), never
 * the token; it is still sensitive and never printed. Optional instants are null when absent.
 */
public record ApiTokenRecord(String id, String label, String tokenHash, Instant createdAt, Instant lastUsedAt,
                             String lastUsedIp, Instant revokedAt) {

    public ApiTokenRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(tokenHash, "tokenHash");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public boolean isRevoked() {
        return revokedAt != null;
    }

    @Override
    public String toString() {
        return "ApiTokenRecord[id=" + id + ", label=" + label + ", createdAt=" + createdAt + ", revokedAt=" + revokedAt
                + "]";
    }
}
