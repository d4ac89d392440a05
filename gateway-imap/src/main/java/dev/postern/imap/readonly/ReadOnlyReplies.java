package dev.postern.imap.readonly;

/**
 * Every line Postern itself sends in a read-only session, once. Tagged replies are formats taking
 * the tag first (or {@code *} where the client's tag could not be read); lines end with CRLF.
 */
final class ReadOnlyReplies {

    /** A command that could change the mailbox, or one that is not on the allow-list. */
    static final String REFUSED = "%s NO [NOPERM] Read-only access: this command is not allowed.\r\n";
    /** A command Postern cannot read safely (NUL, bare CR, bad escape, unterminated string, odd literal). */
    static final String BAD_SYNTAX = "%s BAD Invalid command syntax.\r\n";
    /** A non-synchronizing literal in a command that would go upstream: LITERAL+ is not announced. */
    static final String BAD_NON_SYNC_LITERAL = "%s BAD Non-synchronizing literals are not accepted (no LITERAL+).\r\n";
    /** The answer to {@code CAPABILITY}: the list announced at login, then the tagged completion. */
    static final String CAPABILITY = "* CAPABILITY %s\r\n%s OK CAPABILITY completed.\r\n";

    /** More than the line bound without a line ending (literals not counted). */
    static final String BYE_LINE_TOO_LONG = "* BYE Command line too long.\r\n";
    /** A literal size that is not a 32-bit number. */
    static final String BYE_INVALID_LITERAL = "* BYE Invalid literal size.\r\n";
    /** Something other than {@code DONE} while the upstream is idling. */
    static final String BYE_EXPECTED_DONE = "* BYE Expected DONE.\r\n";
    /** A continuation line of a command already sent upstream that cannot be sent on safely. */
    static final String BYE_BAD_CONTINUATION = "* BYE Invalid continuation of a command.\r\n";
    /** Too much sent while Postern waited (for the upstream to ask for a literal, or to catch up). */
    static final String BYE_TOO_MUCH_DATA = "* BYE Too much data sent without waiting for replies.\r\n";

    private ReadOnlyReplies() {
    }
}
