package dev.postern.smtp.restrict;

/**
 * Every line Postern itself sends in a session with limits on sending, once. Formats take what
 * their {@code %s} says; lines end with CRLF so callers write them as they are.
 */
final class SubmitReplies {

    /** {@code MAIL FROM} with a reverse-path the app password may not use; takes the (printable) address. */
    static final String SENDER_REFUSED = "550 5.7.1 <%s>: this app password may not send as that address\r\n";
    /** {@code MAIL FROM} past the app password's daily message quota. */
    static final String QUOTA_REACHED =
            "452 4.7.1 Daily message quota of this app password reached, try again tomorrow\r\n";
    /** {@code MAIL FROM} while the quota could not be read (store unreachable). */
    static final String QUOTA_UNAVAILABLE = "451 4.3.0 Cannot check the message quota now, try again later\r\n";
    /** A {@code MAIL} command whose reverse-path Postern cannot read with certainty. */
    static final String MAIL_SYNTAX = "501 5.5.4 Syntax: MAIL FROM:<address> [parameters]\r\n";
    /** A {@code BDAT} command that is not exactly {@code BDAT size [LAST]} ending with CRLF. */
    static final String CHUNK_SYNTAX = "501 5.5.4 Syntax: BDAT size [LAST]\r\n";
    /** {@code BDAT} while the upstream did not offer CHUNKING: the chunk is read and dropped. */
    static final String CHUNKING_NOT_OFFERED = "502 5.5.1 BDAT not available: CHUNKING is not offered\r\n";
    /**
     * A command that would take the session out of what Postern can follow: STARTTLS (TLS with the
     * upstream inside the session), TURN and ATRN (roles swapped), XEXCH50 (unframed data), and the
     * RFC 821 transactions SEND, SOML and SAML (a sender outside MAIL FROM).
     */
    static final String NOT_ALLOWED = "502 5.7.0 Command not allowed for this app password\r\n";
    /** A command line with a NUL or a bare CR, which servers split differently. */
    static final String MALFORMED = "500 5.5.2 Command line with a NUL or a bare CR refused\r\n";
    /** A command line over the bound; the whole line is dropped. */
    static final String LINE_TOO_LONG = "500 5.5.6 Command line too long\r\n";

    /**
     * In a DATA body, a line of only a dot with a bare CR or LF next to it: a lax upstream could read it
     * as the end of the message and what follows as commands Postern never checked (SMTP smuggling).
     */
    static final String CLOSING_SMUGGLING =
            "554 5.5.0 Message refused: a dot line with a bare CR or LF (SMTP smuggling), closing connection\r\n";
    /** A BDAT chunk larger than any upstream can be trusted to count the same way. */
    static final String CLOSING_CHUNK_TOO_LARGE = "552 5.3.4 Chunk too large, closing connection\r\n";
    /** Too much sent while Postern waited (for the reply to DATA, the quota, or the upstream to catch up). */
    static final String CLOSING_TOO_MUCH_DATA =
            "421 4.7.0 Too much data sent without waiting for replies, closing connection\r\n";

    /** Most characters of a refused address echoed in {@link #SENDER_REFUSED}. */
    private static final int MAX_ECHOED_ADDRESS = 256;

    private SubmitReplies() {
    }

    /** {@link #SENDER_REFUSED} for {@code address} as read from the client, echoed as printable ASCII, bounded. */
    static String senderRefused(String address) {
        StringBuilder printable = new StringBuilder();
        for (int i = 0; i < address.length() && i < MAX_ECHOED_ADDRESS; i++) {
            char c = address.charAt(i);
            printable.append(c >= 0x21 && c < 0x7F && c != '<' && c != '>' ? c : '?');
        }
        return String.format(SENDER_REFUSED, printable);
    }
}
