package dev.postern.core.auth.hash;

import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;

/**
 * Hashes new app passwords (Argon2id, PHC string form) and verifies stored ones of every
 * supported scheme: Argon2id/i/d, bcrypt, PBKDF2-SHA-256/512 and peppered HMAC-SHA-256.
 * Comparisons are constant-time; {@link #dummyHash()} lets unknown users cost as much as a wrong
 * password. Thread-safe; every call is CPU-bound and belongs on a worker pool, not an event loop.
 */
public final class PasswordHashes {

    /** Longest secret accepted, in bytes. */
    public static final int MAX_SECRET_BYTES = 1024;
    /** Shortest pepper accepted, in bytes. */
    public static final int MIN_PEPPER_BYTES = 32;

    static final int SALT_BYTES = 16;
    private static final int DUMMY_SECRET_BYTES = 32;
    private static final String UNKNOWN_FORMAT = "unknown hash format (expected one of: $argon2id$,"
        + " $argon2i$, $argon2d$, $2a$, $2b$, $2y$, $pbkdf2-sha256$, $pbkdf2-sha512$, $hmac-sha256$)";

    private final Argon2Params params;
    private final SecureRandom random;
    private final Argon2Scheme argon2id = Argon2Scheme.argon2id();
    private final HmacSha256Scheme hmac;
    private final List<HashScheme> schemes;
    private final Object dummyLock = new Object();
    private volatile String dummyHash;

    /**
     * @param params       cost of new Argon2id hashes; must pass {@link Argon2Params#problemsAsConfig}
     * @param pepperOrNull key for {@code $hmac-sha256$} hashes (at least {@value #MIN_PEPPER_BYTES}
     *                     bytes, copied), or null when none is configured
     * @param random       source of salts
     */
    public PasswordHashes(Argon2Params params, byte[] pepperOrNull, SecureRandom random) {
        this.params = Objects.requireNonNull(params, "params").requireValid("auth.argon2");
        this.random = Objects.requireNonNull(random, "random");
        if (pepperOrNull != null && pepperOrNull.length < MIN_PEPPER_BYTES) {
            throw new IllegalArgumentException("auth.pepper-file: " + pepperOrNull.length
                + " bytes (expected: at least " + MIN_PEPPER_BYTES + ")");
        }
        this.hmac = new HmacSha256Scheme(pepperOrNull);
        this.schemes = List.of(argon2id, Argon2Scheme.argon2i(), Argon2Scheme.argon2d(), new BcryptScheme(),
            Pbkdf2Scheme.sha256(), Pbkdf2Scheme.sha512(), hmac);
    }

    public Argon2Params params() {
        return params;
    }

    /**
     * Hashes {@code secret} with Argon2id at the configured parameters and a fresh 16-byte salt.
     *
     * @throws IllegalArgumentException when the secret is longer than {@value #MAX_SECRET_BYTES} bytes
     */
    public String hash(byte[] secret) {
        requireSecretLength(secret);
        return argon2id.hash(secret, newSalt(), params);
    }

    /**
     * Hashes {@code secret} as {@code $hmac-sha256$}: only for high-entropy secrets (imports,
     * tests, benchmarks).
     *
     * @throws IllegalStateException when no pepper is configured
     */
    public String hashHmac(byte[] secret) {
        requireSecretLength(secret);
        if (!hmac.hasPepper()) {
            throw new IllegalStateException(HmacSha256Scheme.NO_PEPPER);
        }
        return hmac.hash(secret, newSalt());
    }

    /**
     * Whether {@code secret} matches {@code encoded}. A secret longer than
     * {@value #MAX_SECRET_BYTES} bytes never matches (and costs no hashing).
     *
     * @throws UnsupportedHashException when {@code encoded} is of an unknown scheme, malformed or
     *                                  out of bounds (see {@link #requireSupported})
     */
    public boolean verify(byte[] secret, String encoded) {
        Objects.requireNonNull(secret, "secret");
        HashScheme scheme = schemeFor(encoded);
        if (secret.length > MAX_SECRET_BYTES) {
            scheme.requireSupported(encoded);
            return false;
        }
        return scheme.verify(secret, encoded);
    }

    /**
     * Checks that {@code encoded} is a well-formed hash of a supported scheme whose parameters
     * are within the safe bounds (Argon2 m at most 1 GiB, t at most 100, p at most 64; bcrypt cost
     * 4..16; PBKDF2 at most 10,000,000 iterations; salts 8..64 bytes), so that no stored hash can
     * make one verification take minutes.
     *
     * @throws UnsupportedHashException naming the scheme and the problem, never the hash
     */
    public void requireSupported(String encoded) {
        schemeFor(encoded).requireSupported(encoded);
    }

    /**
     * The scheme of {@code encoded} for logs and metrics: {@code argon2id}, {@code argon2i},
     * {@code argon2d}, {@code bcrypt}, {@code pbkdf2-sha256}, {@code pbkdf2-sha512} or
     * {@code hmac-sha256}. Looks at the prefix only.
     *
     * @throws UnsupportedHashException for an unknown prefix
     */
    public String scheme(String encoded) {
        return schemeFor(encoded).name();
    }

    /**
     * An Argon2id hash, at the configured parameters, of a random secret nobody knows; computed
     * once, on first use. Verify against it when the user is unknown.
     */
    public String dummyHash() {
        String local = dummyHash;
        if (local == null) {
            synchronized (dummyLock) {
                local = dummyHash;
                if (local == null) {
                    byte[] secret = new byte[DUMMY_SECRET_BYTES];
                    random.nextBytes(secret);
                    local = hash(secret);
                    dummyHash = local;
                }
            }
        }
        return local;
    }

    private HashScheme schemeFor(String encoded) {
        Objects.requireNonNull(encoded, "encoded");
        for (HashScheme scheme : schemes) {
            if (scheme.recognises(encoded)) {
                return scheme;
            }
        }
        throw new UnsupportedHashException(UNKNOWN_FORMAT);
    }

    private byte[] newSalt() {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return salt;
    }

    private static void requireSecretLength(byte[] secret) {
        Objects.requireNonNull(secret, "secret");
        if (secret.length > MAX_SECRET_BYTES) {
            throw new IllegalArgumentException("secret: " + secret.length + " bytes (expected: at most "
                + MAX_SECRET_BYTES + ")");
        }
    }

    @Override
    public String toString() {
        return "PasswordHashes[" + params + ", pepper=" + (hmac.hasPepper() ? "set" : "none") + "]";
    }
}
