package dev.postern.core.identity;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;

/**
 * The one way user names are normalised, everywhere (CLI, store, verifier, cache keys, logs):
 * surrounding white space trimmed, Unicode NFC, then the whole name, local part and domain alike,
 * lower-cased by {@link String#toLowerCase(Locale) toLowerCase(Locale.ROOT)} (the same on every
 * machine, whatever its default locale). So {@code Carol@Example.TEST} and {@code carol@example.test}
 * are one user, as for Microsoft 365, Google and Dovecot's default {@code %Lu}; a store written when
 * only the domain was lower-cased is folded by its schema migration 3.
 *
 * <p>Names that cannot be a mailbox login are refused rather than repaired: empty, longer than
 * {@value #MAX_OCTETS} UTF-8 octets, or containing white space, control or format characters,
 * U+FFFD (what invalid UTF-8 decodes to), {@code "}, {@code \} or {@code *} (Dovecot's default
 * master-user separator, which must never reach an upstream inside a user name). The length limit
 * applies to the folded name, the one that is stored and sent upstream. Normalising a normalised
 * name gives it back unchanged.
 */
public final class UserNames {

    /** Longest accepted user name, in UTF-8 octets (a mailbox address is at most 254). */
    public static final int MAX_OCTETS = 255;

    private UserNames() {
    }

    /** The normalised name, or empty if {@code raw} cannot be a user name. */
    public static Optional<String> normalise(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String name = Normalizer.normalize(raw.strip(), Normalizer.Form.NFC);
        if (name.isEmpty() || !allCharactersAllowed(name)) {
            return Optional.empty();
        }
        // Lower-casing may decompose (U+0130 becomes i + U+0307): compose again so the name stays NFC.
        String folded = Normalizer.normalize(name.toLowerCase(Locale.ROOT), Normalizer.Form.NFC);
        if (folded.getBytes(StandardCharsets.UTF_8).length > MAX_OCTETS) {
            return Optional.empty();
        }
        return Optional.of(folded);
    }

    /** Like {@link #normalise} but throws {@link IllegalArgumentException} naming what is wrong (for the CLI). */
    public static String require(String raw) {
        return normalise(raw).orElseThrow(() -> new IllegalArgumentException(
                "user name \"" + printable(raw) + "\" is not valid (expected 1-" + MAX_OCTETS
                        + " octets without spaces, control characters, quotes, backslashes or '*')"));
    }

    private static boolean allCharactersAllowed(String name) {
        return name.codePoints().allMatch(UserNames::allowed);
    }

    private static boolean allowed(int cp) {
        if (Character.isWhitespace(cp) || Character.isSpaceChar(cp) || cp == '"' || cp == '\\' || cp == '*' || cp == 0xFFFD) {
            return false;
        }
        int type = Character.getType(cp);
        return type != Character.CONTROL && type != Character.FORMAT && type != Character.UNASSIGNED
                && type != Character.SURROGATE && type != Character.PRIVATE_USE;
    }

    /**
     * A log- and message-safe rendering of an untrusted name: control characters (C0 and C1), quotes,
     * backslashes, line separators and invisible formatting characters (bidi overrides) escaped, length capped.
     */
    public static String printable(String raw) {
        if (raw == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        raw.codePoints().limit(64).forEach(cp -> {
            int type = Character.getType(cp);
            if (Character.isISOControl(cp) || cp == '"' || cp == '\\' || type == Character.FORMAT
                    || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
                out.append(String.format(cp <= 0xff ? "\\x%02x" : "\\u%04x", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        if (raw.codePointCount(0, raw.length()) > 64) {
            out.append("...");
        }
        return out.toString();
    }
}
