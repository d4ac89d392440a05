package dev.postern.core.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How client credentials are checked: hash cost, optional pepper, the hot cache, the two worker pools
 * and the delay before a refusal is answered.
 *
 * @param pepperFile the file holding the HMAC pepper, or null when none is configured
 */
public record AuthConfig(Argon2Config argon2, Path pepperFile, CacheConfig cache,
                         PoolConfig hashPool, PoolConfig storePool, Duration failureDelay) {

    public static final int DEFAULT_HASH_QUEUE = 256;
    public static final PoolConfig DEFAULT_STORE_POOL = new PoolConfig(4, 1_024);
    public static final Duration DEFAULT_FAILURE_DELAY = Duration.ofSeconds(2);

    static final String SECTION = "auth";
    static final String[] KEYS = {"argon2", "pepper-file", "cache", "hash-pool", "store-pool", "failure-delay"};

    private static final Duration MAX_FAILURE_DELAY = Duration.ofSeconds(60);

    public AuthConfig {
        Objects.requireNonNull(argon2, "argon2");
        Objects.requireNonNull(cache, "cache");
        Objects.requireNonNull(hashPool, "hashPool");
        Objects.requireNonNull(storePool, "storePool");
        Objects.requireNonNull(failureDelay, "failureDelay");
    }

    /** The hash pool default: one thread per available processor. */
    public static PoolConfig defaultHashPool() {
        return new PoolConfig(Math.min(Runtime.getRuntime().availableProcessors(), PoolConfig.MAX_THREADS),
                DEFAULT_HASH_QUEUE);
    }

    static AuthConfig bind(ConfigReader auth) {
        int mark = auth.problems().count();
        Argon2Config argon2 = Argon2Config.bind(auth.section("argon2", Argon2Config.KEYS));
        Path pepperFile = auth.readableFile("pepper-file", false);
        CacheConfig cache = CacheConfig.bind(auth.section("cache", CacheConfig.KEYS));
        PoolConfig hashPool = PoolConfig.bind(auth.section("hash-pool", PoolConfig.KEYS), defaultHashPool());
        PoolConfig storePool = PoolConfig.bind(auth.section("store-pool", PoolConfig.KEYS), DEFAULT_STORE_POOL);
        Duration failureDelay = auth.duration("failure-delay", DEFAULT_FAILURE_DELAY, Duration.ZERO, MAX_FAILURE_DELAY);
        if (auth.problems().count() > mark) {
            return null;
        }
        return new AuthConfig(argon2, pepperFile, cache, hashPool, storePool, failureDelay);
    }
}
