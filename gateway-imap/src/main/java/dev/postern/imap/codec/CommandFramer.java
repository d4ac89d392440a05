package dev.postern.imap.codec;

import static dev.postern.imap.codec.ImapSyntax.CR;
import static dev.postern.imap.codec.ImapSyntax.LF;
import static dev.postern.imap.codec.ImapSyntax.NUL;
import static dev.postern.imap.codec.ImapSyntax.SP;

import io.netty.buffer.ByteBuf;

/**
 * Finds where one command (literals included) or one continuation line ends in the cumulation,
 * without consuming anything, and enforces the line bound while doing so.
 *
 * <p>Offsets are relative to the buffer's reader index, which stays at the start of the frame
 * until the frame is complete, so scanning resumes where it stopped when more bytes arrive.
 * Problems that do not break framing (NUL, bare CR, a bad escape, an unterminated quoted string)
 * are noted and the frame still ends where the client thinks it ends; a refused literal is fatal.
 * A synchronizing literal gets no continuation when such a problem is already known (the client
 * then gets BAD and sends nothing more for that command); other syntax errors are only found by
 * {@link CommandParser} once the whole command, literals included, has been read.
 */
final class CommandFramer {

    /** What {@link #scan} found. */
    enum Event {
        /** The frame is not complete yet. */
        NEED_MORE,
        /** {@link #frameLength()} octets form one frame; {@link #error()} says whether it is malformed. */
        FRAME,
        /** A synchronizing literal was accepted: send the continuation, then scan again. */
        SEND_CONTINUATION,
        /** The input cannot be framed within bounds: {@link #fatalReason()}. */
        FATAL
    }

    private static final int MAX_LITERAL_DIGITS = 10;

    private final int maxLength;
    private boolean lineOnly;
    private int scanned;
    private int literalRemaining;
    private boolean inQuoted;
    private boolean escaped;
    private boolean pendingCr;
    private int openBrace;
    private int segmentStart;
    private int contentEnd;
    private int frameLength;
    private String error;
    private String fatalReason;

    CommandFramer(int maxLength) {
        this.maxLength = maxLength;
        reset(false);
    }

    /** Starts a new frame: a command, or (with {@code lineOnly}) a raw line without quotes or literals. */
    void reset(boolean lineOnly) {
        this.lineOnly = lineOnly;
        scanned = 0;
        literalRemaining = 0;
        inQuoted = false;
        escaped = false;
        pendingCr = false;
        openBrace = -1;
        segmentStart = 0;
        contentEnd = 0;
        frameLength = 0;
        error = null;
        fatalReason = null;
    }

    Event scan(ByteBuf in) {
        int base = in.readerIndex();
        int limit = Math.min(in.readableBytes(), maxLength);
        while (scanned < limit) {
            int i = scanned++;
            byte b = in.getByte(base + i);
            if (literalRemaining > 0) {
                if (b == NUL) {
                    noteError(ImapMalformed.NUL_OCTET);
                }
                if (--literalRemaining == 0) {
                    segmentStart = i + 1;
                }
                continue;
            }
            if (pendingCr) {
                pendingCr = false;
                if (b == LF) {
                    Event event = endOfLine(in, base, i, i - 1);
                    if (event != null) {
                        return event;
                    }
                    continue;
                }
                noteError(ImapMalformed.BARE_CR);
            }
            if (b == LF) {
                Event event = endOfLine(in, base, i, i);
                if (event != null) {
                    return event;
                }
            } else if (b == CR) {
                pendingCr = true;
            } else if (b == NUL) {
                noteError(ImapMalformed.NUL_OCTET);
            } else if (!lineOnly) {
                track(b, i);
            }
        }
        if (scanned >= maxLength) {
            return fatal(ImapMalformed.LINE_TOO_LONG);
        }
        return Event.NEED_MORE;
    }

    /** Length of the complete frame, line ending included. */
    int frameLength() {
        return frameLength;
    }

    /** End (exclusive) of the frame's last line without its line ending. */
    int contentEnd() {
        return contentEnd;
    }

    /** The first non-fatal problem of the frame, or {@code null}. */
    String error() {
        return error;
    }

    String fatalReason() {
        return fatalReason;
    }

    private void track(byte b, int i) {
        if (inQuoted) {
            if (escaped) {
                escaped = false;
                if (b != '"' && b != '\\') {
                    noteError(ImapMalformed.BAD_ESCAPE);
                }
            } else if (b == '\\') {
                escaped = true;
            } else if (b == '"') {
                inQuoted = false;
                openBrace = -1;
            }
        } else if (b == '"') {
            inQuoted = true;
            openBrace = -1;
        } else if (b == SP || b == '(' || b == ')') {
            openBrace = -1;
        } else if (b == '{') {
            openBrace = i;
        }
    }

    /** A line ended at {@code lf}; returns the event, or {@code null} to keep scanning after a non-sync literal. */
    private Event endOfLine(ByteBuf in, int base, int lf, int end) {
        contentEnd = end;
        if (lineOnly) {
            return frame(lf);
        }
        if (inQuoted) {
            noteError(ImapMalformed.UNTERMINATED_QUOTED);
            return frame(lf);
        }
        if (openBrace < segmentStart || end - 1 <= openBrace || in.getByte(base + end - 1) != '}') {
            return frame(lf);
        }
        boolean nonSync = in.getByte(base + end - 2) == '+';
        int digitsEnd = nonSync ? end - 2 : end - 1;
        int digits = digitsEnd - (openBrace + 1);
        if (digits <= 0) {
            return fatal(ImapMalformed.INVALID_LITERAL);
        }
        long size = 0;
        for (int i = openBrace + 1; i < digitsEnd; i++) {
            byte d = in.getByte(base + i);
            if (d < '0' || d > '9') {
                return fatal(ImapMalformed.INVALID_LITERAL);
            }
            size = size * 10 + (d - '0');
        }
        if (digits > MAX_LITERAL_DIGITS || lf + 1 + size > maxLength) {
            return fatal(ImapMalformed.LITERAL_TOO_LARGE);
        }
        if (!nonSync && error != null) {
            return frame(lf); // the client waits for "+" in vain and gets BAD: nothing more comes for this command
        }
        literalRemaining = (int) size;
        openBrace = -1;
        segmentStart = lf + 1;
        return nonSync ? null : Event.SEND_CONTINUATION;
    }

    private Event frame(int lf) {
        frameLength = lf + 1;
        return Event.FRAME;
    }

    private Event fatal(String reason) {
        fatalReason = reason;
        return Event.FATAL;
    }

    private void noteError(String reason) {
        if (error == null) {
            error = reason;
        }
    }
}
