package dev.postern.core.auth.sasl;

import java.util.Arrays;

/**
 * Decodes a SASL PLAIN response (RFC 4616): base64 of {@code [authzid] NUL authcid NUL passwd}.
 *
 * <p>Exactly two NULs; authcid and password non-empty; every field valid UTF-8. Identities up to
 * {@value #MAX_IDENTITY_OCTETS} octets and passwords up to {@value #MAX_PASSWORD_OCTETS} octets are
 * accepted (RFC 4616 asks for at least 255); longer ones are refused before any hashing, and a
 * base64 line over {@value SaslBase64#MAX_ENCODED_CHARS} chars before decoding.
 *
 * <p>The IMAP/SMTP empty response {@code =} (RFC 4959 / RFC 4954) is the caller's to handle: it is
 * not base64, so passing it here yields {@link SaslOutcome.Malformed}.
 */
public final class SaslPlain {

    public static final int MAX_IDENTITY_OCTETS = 512;
    public static final int MAX_PASSWORD_OCTETS = 1024;

    private SaslPlain() {
    }

    public static SaslOutcome decode(String base64) {
        SaslBase64.Decoded decoded = SaslBase64.decode(base64);
        if (decoded.error() != null) {
            return new SaslOutcome.Malformed(decoded.error());
        }
        byte[] octets = decoded.octets();
        try {
            return split(octets);
        } finally {
            Arrays.fill(octets, (byte) 0);
        }
    }

    private static SaslOutcome split(byte[] octets) {
        int nuls = 0;
        int first = -1;
        int second = -1;
        for (int i = 0; i < octets.length; i++) {
            if (octets[i] == 0) {
                nuls++;
                if (first < 0) {
                    first = i;
                } else if (second < 0) {
                    second = i;
                }
            }
        }
        if (nuls != 2) {
            return new SaslOutcome.Malformed("PLAIN: " + nuls + " NUL separators (expected: exactly 2)");
        }
        String problem = checkLengths(first, second - first - 1, octets.length - second - 1);
        if (problem != null) {
            return new SaslOutcome.Malformed(problem);
        }
        String authzid = SaslBase64.utf8(octets, 0, first);
        String authcid = SaslBase64.utf8(octets, first + 1, second);
        String password = SaslBase64.utf8(octets, second + 1, octets.length);
        if (authzid == null || authcid == null || password == null) {
            return new SaslOutcome.Malformed("PLAIN: " + (authzid == null ? "authzid" : authcid == null ? "authcid" : "password")
                    + " is not valid UTF-8");
        }
        return new SaslOutcome.Credentials(authzid, authcid, password);
    }

    private static String checkLengths(int authzid, int authcid, int password) {
        if (authzid > MAX_IDENTITY_OCTETS) {
            return "PLAIN: authzid of " + authzid + " octets (expected: at most " + MAX_IDENTITY_OCTETS + ")";
        }
        if (authcid == 0) {
            return "PLAIN: empty authcid (expected: a user name)";
        }
        if (authcid > MAX_IDENTITY_OCTETS) {
            return "PLAIN: authcid of " + authcid + " octets (expected: at most " + MAX_IDENTITY_OCTETS + ")";
        }
        if (password == 0) {
            return "PLAIN: empty password";
        }
        if (password > MAX_PASSWORD_OCTETS) {
            return "PLAIN: password too long (expected: at most " + MAX_PASSWORD_OCTETS + " octets)";
        }
        return null;
    }
}
