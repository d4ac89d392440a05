package dev.postern.core.auth.hash;

/**
 * Bounds shared by the hash schemes, so that a stored or imported hash cannot make one
 * verification take minutes or allocate unbounded memory, and messages that say so.
 */
final class HashBounds {

    static final int MIN_SALT_BYTES = 8;
    static final int MAX_SALT_BYTES = 64;
    static final int MIN_TAG_BYTES = 16;
    static final int MAX_TAG_BYTES = 64;

    private HashBounds() {
    }

    /** Throws when {@code value} lies outside {@code min..max}; never echoes the hash. */
    static void requireWithin(String scheme, String field, long value, long min, long max) {
        if (value < min || value > max) {
            throw new UnsupportedHashException(scheme + " hash: " + field + "=" + value
                + " (expected: " + (min == max ? String.valueOf(min) : min + ".." + max) + ")");
        }
    }

    static void requireSaltLength(String scheme, byte[] salt) {
        requireWithin(scheme, "salt bytes", salt.length, MIN_SALT_BYTES, MAX_SALT_BYTES);
    }

    static void requireTagLength(String scheme, byte[] tag) {
        requireWithin(scheme, "hash bytes", tag.length, MIN_TAG_BYTES, MAX_TAG_BYTES);
    }

    static UnsupportedHashException malformed(String scheme, String expectedShape) {
        return new UnsupportedHashException(scheme + " hash: malformed (expected: " + expectedShape + ")");
    }
}
