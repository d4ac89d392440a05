package dev.postern.core.auth.hash;

import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The base64 flavours found in password hash strings: the PHC string format (standard alphabet,
 * no padding) and passlib's "ab64" (the same with {@code .} in place of {@code +}).
 */
final class PhcBase64 {

    private static final Pattern STANDARD = Pattern.compile("[A-Za-z0-9+/]*");
    private static final Pattern ADAPTED = Pattern.compile("[A-Za-z0-9./]*");
    private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();

    private PhcBase64() {
    }

    static String encode(byte[] bytes) {
        return ENCODER.encodeToString(bytes);
    }

    /**
     * Decodes unpadded standard base64.
     *
     * @throws UnsupportedHashException naming {@code scheme} and {@code field} when not valid
     */
    static byte[] decode(String text, String scheme, String field) {
        if (!STANDARD.matcher(text).matches()) {
            throw invalid(scheme, field);
        }
        return decodeChecked(text, scheme, field);
    }

    /** Decodes passlib's ab64 ({@code ./} alphabet, unpadded). */
    static byte[] decodeAdapted(String text, String scheme, String field) {
        if (!ADAPTED.matcher(text).matches()) {
            throw invalid(scheme, field);
        }
        return decodeChecked(text.replace('.', '+'), scheme, field);
    }

    private static byte[] decodeChecked(String text, String scheme, String field) {
        if (text.length() % 4 == 1) {
            throw invalid(scheme, field);
        }
        return Base64.getDecoder().decode(text);
    }

    private static UnsupportedHashException invalid(String scheme, String field) {
        return new UnsupportedHashException(scheme + " hash: " + field + " is not valid base64"
            + " (expected: unpadded base64)");
    }
}
