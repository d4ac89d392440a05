package dev.postern.server.http;

import dev.postern.core.config.Secret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;

/**
 * The bearer token that {@code /metrics} asks for when {@code admin.metrics-token-file} is set
 * (RFC 6750 section 2.1: {@code Authorization: Bearer <token>}, the scheme in any case). Compared
 * in constant time; neither the expected nor the presented token is ever logged or echoed.
 */
final class BearerToken {

    private static final String SCHEME = "bearer";

    private final byte[] expected;

    BearerToken(Secret token) {
        this.expected = token.reveal().getBytes(StandardCharsets.UTF_8);
    }

    /** What a request carried. */
    enum Presented { NONE, WRONG, RIGHT }

    Presented check(String authorization) {
        if (authorization == null) {
            return Presented.NONE;
        }
        String header = authorization.strip();
        int space = header.indexOf(' ');
        if (space < 0 || !header.substring(0, space).toLowerCase(Locale.ROOT).equals(SCHEME)) {
            return Presented.NONE;
        }
        byte[] presented = header.substring(space + 1).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(presented, expected) ? Presented.RIGHT : Presented.WRONG;
    }
}
