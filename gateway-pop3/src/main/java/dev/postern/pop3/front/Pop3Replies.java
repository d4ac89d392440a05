package dev.postern.pop3.front;

import java.util.List;

/**
 * Every reply Postern's POP3 front sends, once. Single-line replies end with CRLF here so callers
 * write them as they are; {@link #multiLine} frames the multi-line ones (RFC 1939 §3). Response codes
 * in brackets are RFC 2449's and RFC 3206's ({@code [AUTH]}, {@code [SYS/TEMP]}).
 */
public final class Pop3Replies {

    /** No APOP timestamp: APOP would need the plain password, which Postern never has. */
    public static final String GREETING = "+OK Postern POP3 ready.\r\n";

    /** First line of the CAPA reply (RFC 2449 §5); the capabilities and the terminating dot follow. */
    public static final String CAPA = "+OK Capability list follows.";
    public static final String CAPABILITY_USER = "USER";
    public static final String CAPABILITY_SASL = "SASL PLAIN LOGIN";
    public static final String CAPABILITY_STLS = "STLS";
    public static final String CAPABILITY_AUTH_RESP_CODE = "AUTH-RESP-CODE";
    /** First line of the reply to {@code AUTH} without an argument; the mechanisms follow, one a line. */
    public static final String MECHANISMS = "+OK SASL mechanisms follow.";
    public static final List<String> MECHANISM_NAMES = List.of("PLAIN", "LOGIN");

    public static final String BYE = "+OK Postern POP3 signing off.\r\n";

    public static final String STLS_GO = "+OK Begin TLS negotiation.\r\n";
    public static final String STLS_ACTIVE = "-ERR TLS is already active.\r\n";
    public static final String STLS_NOT_OFFERED = "-ERR STLS is not offered on this port.\r\n";
    public static final String TLS_REQUIRED = "-ERR [AUTH] TLS required: use STLS first.\r\n";

    /** {@code USER} never says whether the user exists. */
    public static final String USER_ACCEPTED = "+OK Send PASS.\r\n";
    public static final String PASS_WITHOUT_USER = "-ERR PASS must follow USER.\r\n";
    /** A SASL challenge (base64, empty for PLAIN): the client answers with one line (RFC 5034 §4). */
    public static final String CONTINUE = "+ %s\r\n";

    public static final String LOGGED_IN = "+OK Logged in.\r\n";
    /** Every refusal of a credential, whatever its reason. */
    public static final String AUTH_FAILED = "-ERR [AUTH] Authentication failed.\r\n";
    public static final String AUTH_TEMPORARY = "-ERR [SYS/TEMP] Temporary authentication failure, try again later.\r\n";
    public static final String UPSTREAM_UNAVAILABLE = "-ERR [SYS/TEMP] Mail server unavailable, try again later.\r\n";
    public static final String AUTH_CANCELLED = "-ERR Authentication cancelled.\r\n";
    public static final String AUTH_INVALID_RESPONSE = "-ERR Invalid SASL response.\r\n";
    public static final String AUTH_UNKNOWN_MECHANISM = "-ERR Unsupported SASL mechanism.\r\n";

    public static final String APOP_REFUSED = "-ERR APOP is not supported: use USER/PASS or AUTH.\r\n";
    /** A TRANSACTION-state command (RFC 1939 §5), NOOP included, before login. */
    public static final String NOT_LOGGED_IN = "-ERR Not logged in: use USER/PASS or AUTH first.\r\n";
    public static final String UNKNOWN_COMMAND = "-ERR Unknown command.\r\n";
    public static final String SYNTAX_USER = "-ERR Syntax: USER name\r\n";
    public static final String SYNTAX_PASS = "-ERR Syntax: PASS password\r\n";
    public static final String SYNTAX_AUTH = "-ERR Syntax: AUTH [mechanism [initial-response]]\r\n";
    public static final String MALFORMED = "-ERR Invalid command line.\r\n";
    public static final String LINE_TOO_LONG = "-ERR Line too long.\r\n";

    /** The reply to the bad command that reached the limit (instead of its own refusal), then close. */
    public static final String CLOSING_TOO_MANY_BAD = "-ERR Too many bad commands, closing connection.\r\n";
    public static final String CLOSING_TOO_MUCH_DATA = "-ERR Too much data sent before the login completed.\r\n";
    public static final String CLOSING_TIMEOUT = "-ERR Disconnected for inactivity.\r\n";
    /** To a client still before login when the gateway stops. */
    public static final String CLOSING_SHUTDOWN = "-ERR [SYS/TEMP] Server shutting down.\r\n";
    /** A connection over the gateway's or the source's connection limit, instead of the greeting. */
    public static final String CLOSING_TOO_MANY_CONNECTIONS = "-ERR [SYS/TEMP] Too many connections.\r\n";
    /**
     * To a relayed session whose app password was revoked or expired, or whose user was removed; then
     * close. {@code [AUTH]} (RFC 3206): the credential is the problem, so a client asks its user rather
     * than retrying as it would after {@code [SYS/TEMP]}. POP3 has no unsolicited replies: a client reads
     * this as the answer to its current command, which is as close to the truth as POP3 can say.
     */
    public static final String CLOSING_REVOKED = "-ERR [AUTH] Access revoked.\r\n";
    /**
     * Nothing: after the last allowed failed login the refusal itself is the last line. POP3 has no
     * unsolicited replies, so a pipelining client would take another line for its next command's answer.
     */
    public static final String CLOSING_TOO_MANY_FAILURES = "";

    private Pop3Replies() {
    }

    /**
     * A multi-line reply (RFC 1939 §3): the status line, each line with CRLF (a line starting with a
     * dot gets another one), then the terminating dot.
     */
    public static String multiLine(String status, List<String> lines) {
        StringBuilder text = new StringBuilder(status).append("\r\n");
        for (String line : lines) {
            text.append(line.startsWith(".") ? "." : "").append(line).append("\r\n");
        }
        return text.append(".\r\n").toString();
    }
}
