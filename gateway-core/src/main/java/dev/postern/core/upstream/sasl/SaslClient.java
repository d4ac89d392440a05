package dev.postern.core.upstream.sasl;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import javax.security.sasl.SaslException;

/**
 * The client side of one SASL exchange: what Postern sends, for one mechanism, in order.
 *
 * <p>Used as {@code javax.security.sasl.SaslClient} is: when {@link #hasInitialResponse()} and
 * the protocol lets the command carry it (IMAP with {@code SASL-IR}, SMTP {@code AUTH}), the
 * command carries {@code respond(new byte[0])}; every challenge of the server is answered with
 * {@link #respond}. An initial response that the command did not carry answers the server's first
 * (empty) challenge. A challenge that the mechanism does not expect is a {@link SaslException}:
 * the login fails rather than guess.
 *
 * <p>Messages carry secrets. They are built only when asked for, the client keeps no reference to
 * one it has returned, and {@link #toString()} names the mechanism only. One instance serves one
 * login and is not thread-safe.
 */
public final class SaslClient {

    private static final char SOH = '\u0001';
    private static final byte[] EMPTY = new byte[0];
    private static final byte[] SOH_ONLY = {0x01};

    private final SaslMechanism mechanism;
    private final boolean initialResponse;
    private final List<Supplier<byte[]>> messages;
    private final byte[] errorAnswer;
    private int sent;
    private boolean errorAnswered;

    private SaslClient(SaslMechanism mechanism, boolean initialResponse, List<Supplier<byte[]>> messages,
                       byte[] errorAnswer) {
        this.mechanism = mechanism;
        this.initialResponse = initialResponse;
        this.messages = new ArrayList<>(messages);
        this.errorAnswer = errorAnswer;
    }

    /**
     * PLAIN (RFC 4616): {@code authzid NUL authcid NUL password} in UTF-8, as the initial response.
     * An empty authzid means: log in as the authcid.
     *
     * @throws IllegalArgumentException when a field contains NUL, which PLAIN cannot carry
     */
    public static SaslClient plain(String authzid, String authcid, String password) {
        requireWithout(authzid, '\0', "PLAIN: the authzid contains NUL");
        requireWithout(authcid, '\0', "PLAIN: the authcid contains NUL");
        requireWithout(password, '\0', "PLAIN: the password contains NUL");
        return new SaslClient(SaslMechanism.PLAIN, true,
                List.of(() -> utf8(authzid + '\0' + authcid + '\0' + password)), null);
    }

    /** LOGIN: no initial response; the user name answers the first challenge, the password the second. */
    public static SaslClient login(String user, String password) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        return new SaslClient(SaslMechanism.LOGIN, false, List.of(() -> utf8(user), () -> utf8(password)), null);
    }

    /**
     * XOAUTH2 (Google, Microsoft): {@code user=}<i>user</i> U+0001 {@code auth=Bearer }<i>token</i>
     * U+0001 U+0001 as the initial response. A server that refuses the token sends a challenge
     * with its error (base64 JSON); that challenge is answered with the empty response, after which
     * the server fails the login.
     *
     * @throws IllegalArgumentException when the user contains U+0001 or the token is not an RFC 6750
     *                                  {@code b64token}
     */
    public static SaslClient xoauth2(String user, String token) {
        requireWithout(user, SOH, "XOAUTH2: the user contains U+0001");
        requireBearerToken(token, "XOAUTH2");
        return new SaslClient(SaslMechanism.XOAUTH2, true,
                List.of(() -> utf8("user=" + user + SOH + "auth=Bearer " + token + SOH + SOH)), EMPTY);
    }

    /**
     * OAUTHBEARER (RFC 7628): the GS2 header {@code n,a=}<i>authzid</i>{@code ,} (just
     * {@code n,,} for an empty authzid; {@code ,} and {@code =} in it written {@code =2C} and
     * {@code =3D}), then U+0001 {@code host=}<i>host</i> U+0001 {@code port=}<i>port</i> U+0001
     * {@code auth=Bearer }<i>token</i> U+0001 U+0001, as the initial response. A server that
     * refuses the token sends a challenge with its error (base64 JSON); that challenge is answered
     * with U+0001 alone (RFC 7628 section 3.2.3), after which the server fails the login.
     *
     * @param host the name of the server Postern connected to
     * @param port the port Postern connected to
     * @throws IllegalArgumentException when the authzid contains NUL or U+0001, the host U+0001, the
     *                                  port is out of range, or the token is not an RFC 6750
     *                                  {@code b64token}
     */
    public static SaslClient oauthBearer(String authzid, String host, int port, String token) {
        requireWithout(authzid, '\0', "OAUTHBEARER: the authzid contains NUL");
        requireWithout(authzid, SOH, "OAUTHBEARER: the authzid contains U+0001");
        requireWithout(host, SOH, "OAUTHBEARER: the host contains U+0001");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("OAUTHBEARER: port " + port + " (expected: 1 to 65535)");
        }
        requireBearerToken(token, "OAUTHBEARER");
        String gs2 = authzid.isEmpty() ? "n,," : "n,a=" + saslName(authzid) + ",";
        return new SaslClient(SaslMechanism.OAUTHBEARER, true, List.of(() -> utf8(gs2 + SOH + "host=" + host + SOH
                + "port=" + port + SOH + "auth=Bearer " + token + SOH + SOH)), SOH_ONLY);
    }

    public SaslMechanism mechanism() {
        return mechanism;
    }

    /** Whether the mechanism starts with a message of the client's, which the command may carry. */
    public boolean hasInitialResponse() {
        return initialResponse;
    }

    /**
     * The next message: the answer to {@code challenge}, or, with an empty challenge before
     * anything was sent, the initial response.
     *
     * @throws SaslException when the mechanism expects no further challenge; its message names the
     *                       mechanism only
     */
    public byte[] respond(byte[] challenge) throws SaslException {
        if (sent < messages.size()) {
            Supplier<byte[]> message = messages.set(sent++, null);
            return message.get();
        }
        if (errorAnswer != null && !errorAnswered) {
            errorAnswered = true;
            return errorAnswer.clone();
        }
        throw new SaslException(mechanism + ": unexpected challenge after " + sent + " message" + (sent == 1 ? "" : "s")
                + (errorAnswered ? " and the answer to the error" : ""));
    }

    @Override
    public String toString() {
        return "SaslClient[" + mechanism + "]";
    }

    /** RFC 5801 {@code saslname}: {@code ,} as {@code =2C}, {@code =} as {@code =3D}. */
    static String saslName(String name) {
        return name.replace("=", "=3D").replace(",", "=2C");
    }

    private static void requireWithout(String value, char forbidden, String problem) {
        if (value.indexOf(forbidden) >= 0) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** RFC 6750 {@code b64token}: {@code 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="}. */
    private static void requireBearerToken(String token, String mechanism) {
        int end = token.length();
        while (end > 0 && token.charAt(end - 1) == '=') {
            end--;
        }
        boolean valid = end > 0;
        for (int i = 0; i < end && valid; i++) {
            char c = token.charAt(i);
            valid = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
        }
        if (!valid) {
            throw new IllegalArgumentException(mechanism + ": the token is not an RFC 6750 b64token");
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
