package dev.postern.core.auth.sasl;

import java.util.Arrays;

/**
 * The non-standard but ubiquitous SASL LOGIN mechanism: the server sends
 * {@link #USERNAME_CHALLENGE}, the client answers a base64 user name, then {@link #PASSWORD_CHALLENGE}
 * and a base64 password. Each answer is decoded with the same strictness and bounds as
 * {@link SaslPlain}; an empty answer (or {@code =}) and a NUL octet are refused.
 */
public final class SaslLogin {

    /** base64 of {@code Username:}. */
    public static final String USERNAME_CHALLENGE = "VXNlcm5hbWU6";
    /** base64 of {@code Password:}. */
    public static final String PASSWORD_CHALLENGE = "UGFzc3dvcmQ6";

    private SaslLogin() {
    }

    /** Decodes the answer to {@link #USERNAME_CHALLENGE}. */
    public static SaslText decodeUsername(String base64) {
        return decodeStep(base64, "user name", SaslPlain.MAX_IDENTITY_OCTETS);
    }

    /** Decodes the answer to {@link #PASSWORD_CHALLENGE}. */
    public static SaslText decodePassword(String base64) {
        return decodeStep(base64, "password", SaslPlain.MAX_PASSWORD_OCTETS);
    }

    /** The credential of a completed exchange (LOGIN has no authzid). */
    public static SaslOutcome.Credentials credentials(SaslText.Value username, SaslText.Value password) {
        return new SaslOutcome.Credentials("", username.text(), password.text());
    }

    private static SaslText decodeStep(String base64, String field, int maxOctets) {
        SaslBase64.Decoded decoded = SaslBase64.decode(base64);
        if (decoded.error() != null) {
            return new SaslText.Malformed("LOGIN " + field + ": " + decoded.error());
        }
        byte[] octets = decoded.octets();
        try {
            if (octets.length == 0) {
                return new SaslText.Malformed("LOGIN: empty " + field);
            }
            if (octets.length > maxOctets) {
                return new SaslText.Malformed("LOGIN: " + field + " too long (expected: at most " + maxOctets + " octets)");
            }
            for (byte b : octets) {
                if (b == 0) {
                    return new SaslText.Malformed("LOGIN: NUL in " + field);
                }
            }
            String text = SaslBase64.utf8(octets, 0, octets.length);
            return text == null ? new SaslText.Malformed("LOGIN: " + field + " is not valid UTF-8") : new SaslText.Value(text);
        } finally {
            Arrays.fill(octets, (byte) 0);
        }
    }
}
