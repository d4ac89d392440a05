package dev.postern.core.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bearer tokens of the admin REST API: {@code postern_<id>_<43 characters>}, 256 random bits after
 * the id. The store keeps the id and the SHA-256 of the whole token: 256 bits cannot be guessed, so a
 * fast hash is enough, and a request costs one store read. The prefix lets secret scanners find a
 * token that leaked into a repository or a log.
 */
public final class ApiTokens {

    /** What every token starts with. */
    public static final String PREFIX = "postern_";
    private static final Pattern SHAPE = Pattern.compile("postern_([0-9a-z]{8})_[A-Za-z0-9_-]{43}");

    private ApiTokens() {
    }

    /** A new token with the given id. */
    public static String generate(String id, SecureRandom random) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        return PREFIX + id + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /** The id a well-formed token names; empty for anything else. */
    public static Optional<String> idOf(String token) {
        Matcher match = SHAPE.matcher(token);
        return match.matches() ? Optional.of(match.group(1)) : Optional.empty();
    }

    /** The SHA-256 of the token, hex: what the store keeps. */
    public static String hash(String token) {
        return HexFormat.of().formatHex(sha256(token));
    }

    /** Whether {@code token} is the one whose {@link #hash} is {@code storedHash}, in constant time. */
    public static boolean matches(String token, String storedHash) {
        byte[] stored;
        try {
            stored = HexFormat.of().parseHex(storedHash);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(sha256(token), stored);
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
