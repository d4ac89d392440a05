package dev.postern.core.auth;

import java.security.SecureRandom;
import java.util.Locale;

/**
 * How generated app passwords look. A secret is {@value #SECRET_CHARS} characters of Crockford's
 * base32 alphabet (no I, L, O or U), i.e. {@value #ENTROPY_BITS} bits from {@link SecureRandom},
 * shown in lower case in groups of four: {@code 7k2m-q9xd-...}.
 *
 * <p>On input, spaces, dashes and case are ignored, and the look-alikes Crockford allows are
 * mapped ({@code o} to {@code 0}, {@code i}/{@code l} to {@code 1}), so a password read off a
 * screen and typed on a printer's keypad still works. The stored hash is of the canonical form
 * (upper case, no separators). A presented password that is not in this format after that
 * clean-up (an imported legacy password, say) is checked exactly as typed.
 */
public final class AppPasswordFormat {

    public static final int SECRET_CHARS = 28;
    public static final int ENTROPY_BITS = SECRET_CHARS * 5;
    private static final int GROUP = 4;
    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

    private AppPasswordFormat() {
    }

    /** A new secret in canonical form (hash this one). */
    public static String generateCanonical(SecureRandom random) {
        char[] out = new char[SECRET_CHARS];
        for (int i = 0; i < out.length; i++) {
            out[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new String(out);
    }

    /** The grouped, lower-case form shown to the user once. */
    public static String display(String canonical) {
        StringBuilder out = new StringBuilder(canonical.length() + canonical.length() / GROUP);
        for (int i = 0; i < canonical.length(); i++) {
            if (i > 0 && i % GROUP == 0) {
                out.append('-');
            }
            out.append(Character.toLowerCase(canonical.charAt(i)));
        }
        return out.toString();
    }

    /**
     * The canonical form of a presented password if it is a generated app password once
     * separators, case and look-alikes are ignored; otherwise the input unchanged.
     */
    public static String canonicalOrAsTyped(String presented) {
        StringBuilder out = new StringBuilder(SECRET_CHARS);
        for (int i = 0; i < presented.length(); i++) {
            char c = presented.charAt(i);
            if (c == '-' || c == ' ') {
                continue;
            }
            char mapped = mapLookAlike(Character.toUpperCase(c));
            if (indexOf(mapped) < 0 || out.length() == SECRET_CHARS) {
                return presented;
            }
            out.append(mapped);
        }
        return out.length() == SECRET_CHARS ? out.toString() : presented;
    }

    /** True if {@code s} is a secret in canonical form: {@value #SECRET_CHARS} upper-case characters of the alphabet. */
    public static boolean isCanonical(String s) {
        if (s.length() != SECRET_CHARS) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (indexOf(s.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    private static char mapLookAlike(char c) {
        switch (c) {
            case 'O':
                return '0';
            case 'I':
            case 'L':
                return '1';
            default:
                return c;
        }
    }

    private static int indexOf(char c) {
        for (int i = 0; i < ALPHABET.length; i++) {
            if (ALPHABET[i] == c) {
                return i;
            }
        }
        return -1;
    }

    /** A short id for lists and logs: 8 lower-case base32 characters (40 bits, not a secret). */
    public static String generateId(SecureRandom random) {
        char[] out = new char[8];
        for (int i = 0; i < out.length; i++) {
            out[i] = Character.toLowerCase(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return new String(out).toLowerCase(Locale.ROOT);
    }
}
