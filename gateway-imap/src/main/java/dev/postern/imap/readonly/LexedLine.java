package dev.postern.imap.readonly;

import io.netty.buffer.ByteBuf;

/**
 * One line of a command (the first, or one following a literal), up to and including its LF, as
 * the read-only filter reads it: where its content ends, the literal announced at its end if any,
 * and the first problem that makes it unsafe to pass on.
 *
 * <p>Strict where the upstream might read the line differently from Postern: a NUL, a CR not before
 * the LF, a control character outside a quoted string, an escape other than {@code \"} and
 * {@code \\}, an unterminated quoted string, and a literal marker not preceded by a space or
 * {@code (} (optionally with {@code ~}) are errors. A bare LF ends a line, as in the pre-auth decoder.
 *
 * @param contentEnd    index (in the buffer) where the content ends, before CRLF or LF
 * @param literalSize   the size of the literal announced at the end of the line, or -1 for none
 * @param nonSync       whether that literal is non-synchronizing ({@code {n+}})
 * @param error         the first problem found, or null
 * @param fatal         whether the literal's size is not a 32-bit number (the stream cannot be followed)
 */
record LexedLine(int contentEnd, long literalSize, boolean nonSync, String error, boolean fatal) {

    static final String NUL = "NUL octet";
    static final String BARE_CR = "CR without LF";
    static final String CONTROL = "control character";
    static final String BAD_ESCAPE = "invalid escape in quoted string";
    static final String UNTERMINATED = "unterminated quoted string";
    static final String MISPLACED_LITERAL = "literal not preceded by a space or (";

    private static final int MAX_LITERAL_DIGITS = 10;
    private static final long MAX_LITERAL = 0xFFFF_FFFFL;

    boolean hasLiteral() {
        return literalSize >= 0;
    }

    /** Lexes the line from {@code start} to the LF at {@code lf}. */
    static LexedLine lex(ByteBuf buf, int start, int lf) {
        int end = lf > start && buf.getByte(lf - 1) == '\r' ? lf - 1 : lf;
        String error = null;
        boolean inQuoted = false;
        boolean escaped = false;
        for (int i = start; i < end; i++) {
            int b = buf.getByte(i) & 0xFF;
            String problem = null;
            if (b == 0) {
                problem = NUL;
            } else if (b == '\r') {
                problem = BARE_CR;
            } else if (inQuoted) {
                if (escaped) {
                    escaped = false;
                    if (b != '"' && b != '\\') {
                        problem = BAD_ESCAPE;
                    }
                } else if (b == '\\') {
                    escaped = true;
                } else if (b == '"') {
                    inQuoted = false;
                }
            } else if (b == '"') {
                inQuoted = true;
            } else if (b < 0x20 || b == 0x7F) {
                problem = CONTROL;
            }
            if (problem != null && error == null) {
                error = problem;
            }
        }
        if (inQuoted) {
            return new LexedLine(end, -1, false, error != null ? error : UNTERMINATED, false);
        }
        return literalAtEnd(buf, start, end, error);
    }

    private static LexedLine literalAtEnd(ByteBuf buf, int start, int end, String error) {
        if (end <= start || buf.getByte(end - 1) != '}') {
            return new LexedLine(end, -1, false, error, false);
        }
        int p = end - 2;
        boolean nonSync = p >= start && buf.getByte(p) == '+';
        if (nonSync) {
            p--;
        }
        int digitsEnd = p + 1;
        while (p >= start && buf.getByte(p) >= '0' && buf.getByte(p) <= '9') {
            p--;
        }
        int digits = digitsEnd - (p + 1);
        if (digits == 0 || p < start || buf.getByte(p) != '{') {
            return new LexedLine(end, -1, false, error, false); // an atom that ends with "}", not a literal
        }
        if (digits > MAX_LITERAL_DIGITS) {
            return new LexedLine(end, -1, nonSync, error, true);
        }
        long size = 0;
        for (int i = p + 1; i < digitsEnd; i++) {
            size = size * 10 + (buf.getByte(i) - '0');
        }
        if (size > MAX_LITERAL) {
            return new LexedLine(end, -1, nonSync, error, true);
        }
        int before = p - 1;
        if (before >= start && buf.getByte(before) == '~') {
            before--; // literal8 (RFC 3516)
        }
        if (error == null && (before < start || (buf.getByte(before) != ' ' && buf.getByte(before) != '('))) {
            error = MISPLACED_LITERAL;
        }
        return new LexedLine(end, size, nonSync, error, false);
    }
}
