package dev.postern.core.auth.sasl;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Strict decoding shared by the SASL mechanisms: RFC 4648 base64 (basic alphabet, padding
 * required, no whitespace, canonical trailing bits), bounded before decoding, and strict UTF-8.
 */
final class SaslBase64 {

    /** Longest base64 line accepted (decodes to 3072 octets, more than any bounded PLAIN payload). */
    static final int MAX_ENCODED_CHARS = 4096;

    static final String TOO_LONG = "base64 input longer than " + MAX_ENCODED_CHARS + " chars";
    static final String INVALID = "invalid base64 (expected: RFC 4648 basic alphabet with padding)";

    /** Octets, or the reason they could not be decoded (exactly one is non-null). */
    record Decoded(byte[] octets, String error) {
    }

    private SaslBase64() {
    }

    static Decoded decode(String encoded) {
        if (encoded.length() > MAX_ENCODED_CHARS) {
            return new Decoded(null, TOO_LONG);
        }
        if (encoded.length() % 4 != 0) {
            return new Decoded(null, INVALID);
        }
        byte[] octets;
        try {
            octets = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            return new Decoded(null, INVALID); // the JDK's message may quote the input
        }
        if (!Base64.getEncoder().encodeToString(octets).equals(encoded)) {
            return new Decoded(null, INVALID); // non-zero bits hidden in the padding
        }
        return new Decoded(octets, null);
    }

    /** The octets {@code [from, to)} as UTF-8, or {@code null} when they are not valid UTF-8. */
    static String utf8(byte[] octets, int from, int to) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(octets, from, to - from))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
