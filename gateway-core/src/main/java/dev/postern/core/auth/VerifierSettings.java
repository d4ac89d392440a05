package dev.postern.core.auth;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of {@link CachingVerifier}.
 *
 * @param maxEntries   most successful checks kept in the hot cache
 * @param expireAfter  how long a successful check may be reused before the slow hash is paid again
 * @param stateRefresh how stale a user's app-password state (revoked, expired, scopes) may be in this
 *                     process; a revocation written by another process takes effect within this time
 * @param maxPassword  longest presented password, in UTF-8 octets, that is hashed at all
 */
public record VerifierSettings(long maxEntries, Duration expireAfter, Duration stateRefresh, int maxPassword) {

    public static final int DEFAULT_MAX_PASSWORD = 1024;
    public static final Duration MAX_STATE_REFRESH = Duration.ofSeconds(5);

    public VerifierSettings {
        Objects.requireNonNull(expireAfter, "expireAfter");
        Objects.requireNonNull(stateRefresh, "stateRefresh");
        if (maxEntries < 0) {
            throw new IllegalArgumentException("maxEntries: " + maxEntries + " (expected: at least 0)");
        }
        if (stateRefresh.isNegative() || stateRefresh.compareTo(MAX_STATE_REFRESH) > 0) {
            throw new IllegalArgumentException("stateRefresh: " + stateRefresh + " (expected: 0s-5s)");
        }
        if (maxPassword < 1) {
            throw new IllegalArgumentException("maxPassword: " + maxPassword + " (expected: at least 1)");
        }
    }

    public static VerifierSettings defaults() {
        return new VerifierSettings(100_000, Duration.ofHours(24), Duration.ofSeconds(2), DEFAULT_MAX_PASSWORD);
    }
}
