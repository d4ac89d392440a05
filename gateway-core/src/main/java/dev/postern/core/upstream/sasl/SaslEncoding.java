package dev.postern.core.upstream.sasl;

import java.util.Base64;

/**
 * The base64 text of SASL messages in IMAP ({@code AUTHENTICATE}, RFC 3501, RFC 4959) and SMTP
 * ({@code AUTH}, RFC 4954), which frame them alike. What the encoders return carries credentials:
 * never log it.
 */
public final class SaslEncoding {

    private static final byte[] NONE = new byte[0];

    private SaslEncoding() {
    }

    /** A response to a challenge: base64; the empty response is the empty line. */
    public static String response(byte[] octets) {
        return Base64.getEncoder().encodeToString(octets);
    }

    /**
     * An initial response carried by the command itself: base64; an empty one is {@code =}, because
     * an absent argument means that there is no initial response at all.
     */
    public static String initialResponse(byte[] octets) {
        return octets.length == 0 ? "=" : response(octets);
    }

    /**
     * The octets of a challenge, from the text after {@code +} (IMAP) or {@code 334} (SMTP).
     * Text that is not base64 gives no octets rather than an error: the mechanisms here do not read
     * a challenge's content, only that one came (LOGIN's prompts, the JSON of an OAuth error), and
     * the server's final reply tells whether the login worked.
     */
    public static byte[] challenge(String text) {
        String trimmed = text.trim();
        try {
            return Base64.getDecoder().decode(trimmed);
        } catch (IllegalArgumentException notBase64) {
            return NONE;
        }
    }
}
