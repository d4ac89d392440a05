package dev.postern.core.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A short, non-secret tag of an app password's secret, stored next to its hash so that a login
 * compares the presented secret against exactly one stored hash: the one whose tag matches (or a
 * dummy when none does). A refused guess then costs one slow hash whoever the user is and however
 * many app passwords they hold, and its timing says nothing about either.
 *
 * <p>The tag is the first {@value #BYTES} bytes of SHA-256 over a fixed prefix and the canonical
 * secret. It is only ever computed for secrets Postern generated (140 random bits): the
 * {@value #BITS} bits it gives away leave far more than any offline search can cover, so the stored
 * Argon2id hash keeps its worth. Imported hashes of passwords Postern did not generate never get a
 * tag (for a weak password a fast tag would be a shortcut around the slow hash).
 */
public final class LookupTag {

    static final int BYTES = 4;
    static final int BITS = BYTES * 8;
    private static final byte[] PREFIX = "postern app password lookup tag v1\0".getBytes(StandardCharsets.US_ASCII);

    private LookupTag() {
    }

    /** The tag of a secret in canonical form (as {@link AppPasswordFormat#generateCanonical} makes it). */
    public static String of(byte[] canonicalSecret) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(PREFIX);
            byte[] digest = sha256.digest(canonicalSecret);
            return HexFormat.of().formatHex(digest, 0, BYTES);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * The tag a presented secret would have if it is a generated app password, else null: only
     * generated secrets are tagged, so nothing else can ever match one.
     */
    static String ofPresented(String canonicalOrAsTyped) {
        return AppPasswordFormat.isCanonical(canonicalOrAsTyped)
                ? of(canonicalOrAsTyped.getBytes(StandardCharsets.UTF_8))
                : null;
    }
}
