package dev.postern.core.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The hot cache of successful credential checks.
 *
 * @param maxEntries   how many (user, app password) entries are kept at most
 * @param expireAfter  how long an entry lives after it was written
 * @param stateRefresh how stale an app password's revoked/expired state may be in one process
 */
public record CacheConfig(long maxEntries, Duration expireAfter, Duration stateRefresh) {

    public static final long DEFAULT_MAX_ENTRIES = 100_000;
    public static final Duration DEFAULT_EXPIRE_AFTER = Duration.ofHours(24);
    public static final Duration DEFAULT_STATE_REFRESH = Duration.ofSeconds(2);

    static final String[] KEYS = {"max-entries", "expire-after", "state-refresh"};

    private static final int MAX_ENTRIES = 10_000_000;
    private static final Duration MIN_EXPIRE_AFTER = Duration.ofMinutes(1);
    private static final Duration MAX_EXPIRE_AFTER = Duration.ofDays(90);
    private static final Duration MAX_STATE_REFRESH = Duration.ofSeconds(5);

    public CacheConfig {
        Argon2Config.requireBetween("maxEntries", maxEntries, 0, MAX_ENTRIES);
        Objects.requireNonNull(expireAfter, "expireAfter");
        Objects.requireNonNull(stateRefresh, "stateRefresh");
    }

    static CacheConfig bind(ConfigReader cache) {
        int mark = cache.problems().count();
        int maxEntries = cache.integer("max-entries", (int) DEFAULT_MAX_ENTRIES, 0, MAX_ENTRIES);
        Duration expireAfter = cache.duration("expire-after",
                DEFAULT_EXPIRE_AFTER, MIN_EXPIRE_AFTER, MAX_EXPIRE_AFTER);
        Duration stateRefresh = cache.duration("state-refresh",
                DEFAULT_STATE_REFRESH, Duration.ZERO, MAX_STATE_REFRESH);
        return cache.problems().count() > mark ? null : new CacheConfig(maxEntries, expireAfter, stateRefresh);
    }
}
