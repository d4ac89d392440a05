package dev.postern.core.upstream.oauth2;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * An access token, when it was asked for and when it stops being good; {@link #toString()} never
 * shows the token.
 */
record IssuedToken(String value, Instant issuedAt, Instant expiresAt) {

    IssuedToken {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** How long the token was issued for. */
    Duration lifetime() {
        return Duration.between(issuedAt, expiresAt);
    }

    @Override
    public String toString() {
        return "IssuedToken[****, expires " + expiresAt + "]";
    }
}
