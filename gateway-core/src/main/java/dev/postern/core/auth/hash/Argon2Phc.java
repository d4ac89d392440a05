package dev.postern.core.auth.hash;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed Argon2 PHC string, {@code $argon2id$v=19$m=<kib>,t=<passes>,p=<lanes>$<salt>$<tag>},
 * checked against the safe bounds. A missing {@code v=} means version 0x10, as in the reference
 * implementation.
 */
record Argon2Phc(int version, int memoryKib, int iterations, int parallelism, byte[] salt, byte[] tag) {

    static final int VERSION_10 = 0x10;
    static final int VERSION_13 = 0x13;

    private static final Pattern SHAPE = Pattern.compile(
        "\\$(argon2id|argon2i|argon2d)\\$(?:v=(\\d{1,3})\\$)?m=(\\d{1,10}),t=(\\d{1,10}),p=(\\d{1,10})"
            + "\\$([^$]*)\\$([^$]*)");

    /**
     * Parses {@code encoded}, which must start with {@code $<scheme>$}.
     *
     * @throws UnsupportedHashException when malformed or out of bounds
     */
    static Argon2Phc parse(String scheme, String encoded) {
        Matcher m = SHAPE.matcher(encoded);
        if (!m.matches() || !m.group(1).equals(scheme)) {
            throw HashBounds.malformed(scheme, "$" + scheme + "$v=19$m=<kib>,t=<passes>,p=<lanes>$<salt>$<hash>");
        }
        int version = m.group(2) == null ? VERSION_10 : Integer.parseInt(m.group(2));
        if (version != VERSION_10 && version != VERSION_13) {
            throw new UnsupportedHashException(scheme + " hash: v=" + version + " (expected: 16 or 19)");
        }
        long lanes = Long.parseLong(m.group(5));
        HashBounds.requireWithin(scheme, "p", lanes, 1, Argon2Params.MAX_PARALLELISM);
        long memory = Long.parseLong(m.group(3));
        HashBounds.requireWithin(scheme, "m", memory, 8 * lanes, Argon2Params.MAX_MEMORY_KIB);
        long iterations = Long.parseLong(m.group(4));
        HashBounds.requireWithin(scheme, "t", iterations, 1, Argon2Params.MAX_ITERATIONS);
        byte[] salt = PhcBase64.decode(m.group(6), scheme, "salt");
        HashBounds.requireSaltLength(scheme, salt);
        byte[] tag = PhcBase64.decode(m.group(7), scheme, "hash");
        HashBounds.requireTagLength(scheme, tag);
        return new Argon2Phc(version, (int) memory, (int) iterations, (int) lanes, salt, tag);
    }

    /** Formats a version-19 PHC string. */
    static String format(String scheme, Argon2Params params, byte[] salt, byte[] tag) {
        return "$" + scheme + "$v=" + VERSION_13 + "$m=" + params.memoryKib() + ",t=" + params.iterations()
            + ",p=" + params.parallelism() + "$" + PhcBase64.encode(salt) + "$" + PhcBase64.encode(tag);
    }

    @Override
    public String toString() {
        return "Argon2Phc[v=" + version + ", m=" + memoryKib + ", t=" + iterations + ", p=" + parallelism + "]";
    }
}
