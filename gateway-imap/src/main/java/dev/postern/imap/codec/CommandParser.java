package dev.postern.imap.codec;

import static dev.postern.imap.codec.ImapSyntax.CR;
import static dev.postern.imap.codec.ImapSyntax.LF;
import static dev.postern.imap.codec.ImapSyntax.SP;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses one complete frame found by {@link CommandFramer} (no NUL, no bare CR, quotes closed,
 * literal sizes checked) into an {@link ImapCommand} or an {@link ImapMalformed}.
 *
 * <p>Grammar: {@code tag SP name *(SP arg) CRLF} where an arg is an atom, {@code NIL}, a quoted
 * string, a literal ({@code {n}} or {@code {n+}}, a line ending, then n octets) or a
 * parenthesized list of args. Runs of spaces between tokens and before the line ending are
 * tolerated, as Dovecot does. One parser per frame.
 */
final class CommandParser {

    private static final int MAX_LIST_DEPTH = 8;

    private final byte[] frame;
    private int pos;
    private String tag;

    private CommandParser(byte[] frame) {
        this.frame = frame;
    }

    static ImapRequest parse(byte[] frame) {
        CommandParser parser = new CommandParser(frame);
        try {
            return parser.command();
        } catch (SyntaxError e) {
            return new ImapMalformed(parser.tag, e.reason, false);
        }
    }

    private ImapRequest command() throws SyntaxError {
        if (atLineEnd()) {
            throw new SyntaxError(ImapMalformed.EMPTY_LINE);
        }
        int start = pos;
        while (!atLineEnd() && frame[pos] != SP) {
            if (!ImapSyntax.isTagChar(frame[pos])) {
                throw new SyntaxError(ImapMalformed.INVALID_TAG);
            }
            pos++;
        }
        if (pos == start) {
            throw new SyntaxError(ImapMalformed.INVALID_TAG);
        }
        tag = ascii(start, pos);
        skipSpaces();
        if (atLineEnd()) {
            throw new SyntaxError(ImapMalformed.MISSING_COMMAND);
        }
        start = pos;
        while (!atLineEnd() && ImapSyntax.isAtomChar(frame[pos])) {
            pos++;
        }
        if (pos == start || !atSeparator(false)) {
            throw new SyntaxError(ImapMalformed.INVALID_COMMAND);
        }
        String name = ascii(start, pos).toUpperCase(Locale.ROOT);
        List<ImapArg> args = new ArrayList<>();
        while (true) {
            skipSpaces();
            if (atLineEnd()) {
                break;
            }
            args.add(arg(0));
            if (!atSeparator(false)) {
                throw new SyntaxError(ImapMalformed.INVALID_ARGUMENT);
            }
        }
        skipLineEnd();
        if (pos != frame.length) {
            throw new SyntaxError(ImapMalformed.INVALID_ARGUMENT); // unreachable with a framed input
        }
        return new ImapCommand(tag, name, args);
    }

    private ImapArg arg(int depth) throws SyntaxError {
        byte b = frame[pos];
        if (b == '"') {
            return quoted();
        }
        if (b == '{') {
            return literal();
        }
        if (b == '(') {
            return list(depth + 1);
        }
        int start = pos;
        while (!atLineEnd() && ImapSyntax.isArgAtomChar(frame[pos])) {
            pos++;
        }
        if (pos == start) {
            throw new SyntaxError(ImapMalformed.INVALID_ARGUMENT);
        }
        String atom = ascii(start, pos);
        return atom.equalsIgnoreCase("NIL") ? ImapArg.Nil.INSTANCE : new ImapArg.Atom(atom);
    }

    private ImapArg quoted() throws SyntaxError {
        pos++;
        ByteArrayOutputStream value = new ByteArrayOutputStream();
        while (true) {
            byte b = frame[pos++];
            if (b == '"') {
                return new ImapArg.Str(value.toByteArray());
            }
            if (b == '\\') {
                byte escaped = frame[pos++];
                if (escaped != '"' && escaped != '\\') {
                    throw new SyntaxError(ImapMalformed.BAD_ESCAPE);
                }
                b = escaped;
            }
            value.write(b);
        }
    }

    private ImapArg literal() throws SyntaxError {
        pos++;
        long size = 0;
        int digits = 0;
        while (pos < frame.length && frame[pos] >= '0' && frame[pos] <= '9') {
            size = size * 10 + (frame[pos++] - '0');
            digits++;
        }
        if (pos < frame.length && frame[pos] == '+') {
            pos++;
        }
        if (digits == 0 || pos >= frame.length || frame[pos++] != '}' || !atLineEnd()) {
            throw new SyntaxError(ImapMalformed.INVALID_ARGUMENT);
        }
        skipLineEnd();
        if (size > frame.length - pos) {
            throw new SyntaxError(ImapMalformed.INVALID_ARGUMENT); // unreachable with a framed input
        }
        byte[] value = new byte[(int) size];
        System.arraycopy(frame, pos, value, 0, value.length);
        pos += value.length;
        return new ImapArg.Str(value);
    }

    private ImapArg list(int depth) throws SyntaxError {
        if (depth > MAX_LIST_DEPTH) {
            throw new SyntaxError(ImapMalformed.NESTED_TOO_DEEPLY);
        }
        pos++;
        List<ImapArg> items = new ArrayList<>();
        while (true) {
            skipSpaces();
            if (atLineEnd()) {
                throw new SyntaxError(ImapMalformed.INVALID_ARGUMENT);
            }
            if (frame[pos] == ')') {
                pos++;
                return new ImapArg.ListArg(items);
            }
            items.add(arg(depth));
            if (!atSeparator(true)) {
                throw new SyntaxError(ImapMalformed.INVALID_ARGUMENT);
            }
        }
    }

    /** After a token: a space, the line end, or (inside a list) the closing parenthesis. */
    private boolean atSeparator(boolean inList) {
        return atLineEnd() || frame[pos] == SP || (inList && frame[pos] == ')');
    }

    private boolean atLineEnd() {
        return frame[pos] == LF || (frame[pos] == CR && pos + 1 < frame.length && frame[pos + 1] == LF);
    }

    private void skipLineEnd() {
        pos += frame[pos] == CR ? 2 : 1;
    }

    private void skipSpaces() {
        while (frame[pos] == SP) {
            pos++;
        }
    }

    private String ascii(int start, int end) {
        return new String(frame, start, end - start, StandardCharsets.US_ASCII);
    }

    /** A parse failure; never escapes the parser. */
    private static final class SyntaxError extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient String reason;

        SyntaxError(String reason) {
            super(reason, null, false, false);
            this.reason = reason;
        }
    }
}
