package dev.postern.smtp.front;

/**
 * Every reply Postern's SMTP front sends, once. Formats take the host name where they show
 * {@code %s}. Lines end with CRLF here so callers write them as they are.
 */
public final class SmtpReplies {

    public static final String GREETING = "220 %s ESMTP\r\n";
    public static final String HELO = "250 %s\r\n";
    /** Lines of the multi-line EHLO reply: the host name and every extension but the last, then the last. */
    public static final String EHLO_MORE = "250-%s\r\n";
    public static final String EHLO_LAST = "250 %s\r\n";
    public static final String EXTENSION_STARTTLS = "STARTTLS";
    public static final String EXTENSION_AUTH = "AUTH PLAIN LOGIN";

    public static final String OK = "250 2.0.0 OK\r\n";
    public static final String HELP = "214 2.0.0 Postern: EHLO, STARTTLS, AUTH PLAIN or LOGIN, then mail as usual\r\n";
    public static final String BYE = "221 2.0.0 Bye\r\n";

    public static final String STARTTLS_GO = "220 2.0.0 Ready to start TLS\r\n";
    public static final String STARTTLS_ACTIVE = "503 5.5.1 TLS already active\r\n";
    public static final String STARTTLS_NOT_OFFERED = "502 5.5.1 STARTTLS not offered on this port\r\n";
    public static final String MUST_STARTTLS = "530 5.7.0 Must issue a STARTTLS command first\r\n";

    /** A SASL challenge (base64, empty for PLAIN): the client answers with one line. */
    public static final String CONTINUE = "334 %s\r\n";

    public static final String AUTH_SUCCESS = "235 2.7.0 Authentication successful\r\n";
    public static final String AUTH_INVALID = "535 5.7.8 Authentication credentials invalid\r\n";
    public static final String AUTH_TEMPORARY = "454 4.7.0 Temporary authentication failure\r\n";
    public static final String AUTH_CANCELLED = "501 5.5.2 Authentication cancelled\r\n";
    public static final String AUTH_BAD_BASE64 = "501 5.5.2 Cannot decode the response\r\n";
    public static final String AUTH_UNKNOWN_MECHANISM = "504 5.5.4 Unrecognized authentication type\r\n";
    public static final String AUTH_NEEDS_EHLO = "503 5.5.1 Send EHLO first\r\n";
    public static final String AUTH_REQUIRED = "530 5.7.0 Authentication required\r\n";

    public static final String SYNTAX_EHLO = "501 5.5.4 Syntax: EHLO hostname\r\n";
    public static final String SYNTAX_HELO = "501 5.5.4 Syntax: HELO hostname\r\n";
    public static final String SYNTAX_AUTH = "501 5.5.4 Syntax: AUTH mechanism [initial-response]\r\n";
    public static final String SYNTAX_NO_ARGUMENTS = "501 5.5.4 No arguments allowed\r\n";
    public static final String UNRECOGNIZED = "500 5.5.2 Command unrecognized\r\n";
    public static final String MALFORMED = "500 5.5.2 Syntax error\r\n";
    public static final String LINE_TOO_LONG = "500 5.5.6 Line too long\r\n";

    public static final String CLOSING_TOO_MANY_ERRORS = "421 4.7.0 %s Too many errors, closing connection\r\n";
    public static final String CLOSING_TOO_MANY_FAILURES = "421 4.7.0 %s Too many authentication failures, closing connection\r\n";
    /** A connection over the gateway's or the source's connection limit, instead of the greeting. */
    public static final String CLOSING_TOO_MANY_CONNECTIONS = "421 4.7.0 %s Too many connections\r\n";
    /**
     * To a relayed session whose app password was revoked or expired, or whose user was removed; then
     * close. Also in the middle of DATA: RFC 5321 §3.8 lets a server answer 421 at any point and close.
     */
    public static final String CLOSING_REVOKED = "421 4.7.0 %s Access revoked, closing connection\r\n";
    /** To a client still before login when the gateway stops. */
    public static final String CLOSING_SHUTDOWN = "421 4.3.2 %s Service shutting down\r\n";
    public static final String CLOSING_TIMEOUT = "421 4.4.2 %s Timeout, closing connection\r\n";
    /** A BDAT chunk before login larger than Postern skips: its octets cannot be framed cheaply, so the session ends. */
    public static final String CLOSING_CHUNK_TOO_LARGE = "552 5.3.4 %s Chunk too large before authentication, closing connection\r\n";
    public static final String CLOSING_TOO_MUCH_DATA = "421 4.7.0 %s Too much data sent before the login completed\r\n";

    private SmtpReplies() {
    }
}
