package dev.postern.imap.codec;

import java.util.Objects;

/**
 * Input that is not a valid command or continuation line. The front answers {@code BAD}
 * (tagged when {@code tag} is known) and counts it; when {@code fatal} is set the decoder has
 * stopped for good, discards everything after, and the front must send {@code * BYE} and close.
 *
 * @param tag    the command's tag when it could be read, else {@code null}
 * @param reason one of the constants below; never contains the client's bytes
 * @param fatal  whether the connection must be closed
 */
public record ImapMalformed(String tag, String reason, boolean fatal) implements ImapRequest {

    public static final String EMPTY_LINE = "empty line";
    public static final String INVALID_TAG = "invalid tag";
    public static final String MISSING_COMMAND = "missing command";
    public static final String INVALID_COMMAND = "invalid command name";
    public static final String INVALID_ARGUMENT = "invalid argument";
    public static final String BAD_ESCAPE = "invalid escape in quoted string";
    public static final String UNTERMINATED_QUOTED = "unterminated quoted string";
    public static final String NESTED_TOO_DEEPLY = "lists nested too deeply";
    public static final String NUL_OCTET = "NUL octet";
    public static final String BARE_CR = "bare CR";
    /** Fatal: a literal marker {@code {...}} at the end of a line whose size is not {@code 1*DIGIT ["+"]}. */
    public static final String INVALID_LITERAL = "invalid literal";
    /** Fatal: a literal that does not fit in the line bound (no {@code +} was sent for it). */
    public static final String LITERAL_TOO_LARGE = "literal too large";
    /** Fatal: a command or continuation line longer than the line bound. */
    public static final String LINE_TOO_LONG = "line too long";
    /** Fatal: more than the line bound arrived while the decoder was suspended. */
    public static final String TOO_MUCH_WHILE_SUSPENDED = "too much input while suspended";

    public ImapMalformed {
        Objects.requireNonNull(reason, "reason");
    }
}
