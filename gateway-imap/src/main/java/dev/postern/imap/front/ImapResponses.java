package dev.postern.imap.front;

/**
 * Every reply Postern's IMAP front sends, once. Tagged replies are formats taking the tag first.
 * Lines end with CRLF here so callers write them as they are.
 */
public final class ImapResponses {

    /** Capabilities on a STARTTLS listener before TLS: no AUTH= mechanism, and LOGIN refused (RFC 9051 §6.2.3). */
    public static final String CAPABILITIES_BEFORE_TLS = "IMAP4rev1 SASL-IR LITERAL+ ID STARTTLS LOGINDISABLED";
    /** Capabilities once the connection is protected: only what Postern itself handles before login. */
    public static final String CAPABILITIES_WITH_TLS = "IMAP4rev1 SASL-IR LITERAL+ ID AUTH=PLAIN AUTH=LOGIN";

    public static final String GREETING = "* OK [CAPABILITY %s] Postern ready.\r\n";
    public static final String CAPABILITY = "* CAPABILITY %s\r\n";
    public static final String CAPABILITY_DONE = "%s OK CAPABILITY completed.\r\n";
    public static final String NOOP_DONE = "%s OK NOOP completed.\r\n";
    public static final String BYE_LOGOUT = "* BYE Logging out.\r\n";
    public static final String LOGOUT_DONE = "%s OK LOGOUT completed.\r\n";
    public static final String ID = "* ID (\"name\" \"Postern\")\r\n";
    public static final String ID_DONE = "%s OK ID completed.\r\n";

    public static final String STARTTLS_GO = "%s OK Begin TLS negotiation now.\r\n";
    public static final String STARTTLS_UNAVAILABLE = "%s BAD TLS is already active.\r\n";
    public static final String PRIVACY_REQUIRED =
            "%s NO [PRIVACYREQUIRED] Plaintext authentication is disabled; use STARTTLS first.\r\n";

    /** A SASL challenge (base64, empty for PLAIN): the client answers with one continuation line. */
    public static final String CONTINUE = "+ %s\r\n";

    public static final String LOGGED_IN = "%s OK [CAPABILITY %s] Logged in.\r\n";
    public static final String AUTHENTICATION_FAILED = "%s NO [AUTHENTICATIONFAILED] Authentication failed.\r\n";
    public static final String AUTHORIZATION_FAILED =
            "%s NO [AUTHORIZATIONFAILED] Logging in as another user is not allowed.\r\n";
    public static final String AUTH_UNAVAILABLE = "%s NO [UNAVAILABLE] Temporary authentication failure, try again later.\r\n";
    public static final String UPSTREAM_UNAVAILABLE = "%s NO [UNAVAILABLE] Mail server unavailable, try again later.\r\n";
    public static final String UNSUPPORTED_MECHANISM = "%s NO [CANNOT] Unsupported authentication mechanism.\r\n";
    public static final String AUTHENTICATE_CANCELLED = "%s BAD AUTHENTICATE cancelled.\r\n";
    public static final String INVALID_BASE64 = "%s BAD Invalid SASL response.\r\n";

    public static final String BAD_ARGUMENTS = "%s BAD Invalid arguments.\r\n";
    public static final String BAD_COMMAND = "%s BAD Command unknown or not valid before login.\r\n";
    public static final String BAD_SYNTAX = "%s BAD %s\r\n";

    public static final String BYE_TOO_MANY_BAD = "* BYE Too many invalid commands.\r\n";
    public static final String BYE_TOO_MANY_FAILURES = "* BYE Too many authentication failures.\r\n";
    /** A connection over the gateway's or the source's connection limit, before the greeting. */
    public static final String BYE_TOO_MANY_CONNECTIONS = "* BYE [LIMIT] Too many connections.\r\n";
    /**
     * To a relayed session whose app password was revoked or expired, or whose user was removed; then
     * close. A client that reconnects is refused with {@code [AUTHENTICATIONFAILED]} and asks its user.
     */
    public static final String BYE_REVOKED = "* BYE [UNAVAILABLE] Access revoked.\r\n";
    public static final String BYE_TIMEOUT = "* BYE Disconnected for inactivity.\r\n";
    public static final String BYE_FATAL = "* BYE %s\r\n";
    public static final String BYE_SHUTDOWN = "* BYE Server shutting down.\r\n";

    private ImapResponses() {
    }

    /** A tag for untagged replies to malformed input where the client's tag could not be read. */
    public static String tagOrStar(String tag) {
        return tag == null || tag.isEmpty() ? "*" : tag;
    }
}
