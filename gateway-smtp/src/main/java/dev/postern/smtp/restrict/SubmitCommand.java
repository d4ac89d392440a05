package dev.postern.smtp.restrict;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One client command line after login, as far as a session with limits on sending needs to read
 * it: which command it is, the reverse-path of {@code MAIL}, the size of a {@code BDAT} chunk.
 * Everything else passes unread.
 *
 * <p>Read strictly where a misreading could let something through: the verb is the first word,
 * whatever precedes it; a line whose verb starts with
 * {@code MAIL} must be {@code MAIL FROM:} with a path Postern can read, or it is refused; a
 * {@code BDAT} line must be exactly {@code BDAT size [LAST]} with CRLF, or it is refused and not
 * sent upstream (so upstream and Postern both read the octets after it as commands).
 *
 * @param kind      what the line is
 * @param address   the reverse-path of {@link Kind#MAIL} as sent (without angle brackets, empty for
 *                  {@code <>}); null otherwise
 * @param chunkSize the octets announced by {@link Kind#CHUNK}
 * @param last      whether {@link Kind#CHUNK} is the last chunk
 */
record SubmitCommand(Kind kind, String address, long chunkSize, boolean last) {

    /** What a command line is. */
    enum Kind {
        /** Anything else: passed on unread. */
        OTHER,
        /** {@code MAIL FROM:} with a reverse-path. */
        MAIL,
        /** A {@code MAIL} command whose reverse-path cannot be read with certainty. */
        MAIL_SYNTAX,
        /** {@code DATA}: the upstream's reply says whether a message body follows. */
        DATA,
        /** {@code BDAT size [LAST]}: {@code size} octets of message follow. */
        CHUNK,
        /** A {@code BDAT} command that is not exactly {@code BDAT size [LAST]} with CRLF. */
        CHUNK_SYNTAX,
        /** A {@code BDAT} chunk larger than {@link #MAX_CHUNK}. */
        CHUNK_TOO_LARGE,
        /** A command that would take the session out of what Postern can follow. */
        NOT_ALLOWED,
        /** A NUL or a bare CR in the line. */
        MALFORMED
    }

    /** The largest BDAT chunk passed: within a signed 32-bit count, so no upstream counts it otherwise. */
    static final long MAX_CHUNK = Integer.MAX_VALUE;

    private static final Set<String> NOT_ALLOWED_VERBS = Set.of("STARTTLS", "TURN", "ATRN", "XEXCH50", "SEND",
            "SOML", "SAML");
    /** Up to 18 digits: the size is then known exactly, even when it is too large. */
    private static final Pattern BDAT = Pattern.compile("BDAT ([0-9]{1,18})( LAST)?", Pattern.CASE_INSENSITIVE);
    private static final String FROM = "FROM:";

    private static final SubmitCommand OTHER = new SubmitCommand(Kind.OTHER, null, 0, false);
    private static final SubmitCommand DATA = new SubmitCommand(Kind.DATA, null, 0, false);

    /**
     * Reads one command line.
     *
     * @param line the line without its line ending, one char per octet (ISO-8859-1)
     * @param crlf whether it ended with CRLF (else with a bare LF)
     */
    static SubmitCommand parse(String line, boolean crlf) {
        if (line.indexOf('\0') >= 0 || line.indexOf('\r') >= 0) {
            return of(Kind.MALFORMED);
        }
        int start = 0;
        while (start < line.length() && !isVerbChar(line.charAt(start))) {
            start++; // blanks, and whatever else a lax server might skip (VT, FF): the verb is the first word
        }
        int verbEnd = start;
        while (verbEnd < line.length() && isVerbChar(line.charAt(verbEnd))) {
            verbEnd++;
        }
        String verb = line.substring(start, verbEnd).toUpperCase(Locale.ROOT);
        if (verb.startsWith("MAIL")) {
            return verb.length() == 4 ? mail(line, verbEnd) : of(Kind.MAIL_SYNTAX);
        }
        if (verb.equals("BDAT")) {
            return chunk(line, crlf);
        }
        if (verb.equals("DATA")) {
            return DATA;
        }
        if (NOT_ALLOWED_VERBS.contains(verb)) {
            return of(Kind.NOT_ALLOWED);
        }
        return OTHER;
    }

    private static SubmitCommand mail(String line, int verbEnd) {
        int from = skipBlanks(line, verbEnd);
        if (from == verbEnd || !line.regionMatches(true, from, FROM, 0, FROM.length())) {
            return of(Kind.MAIL_SYNTAX);
        }
        int path = skipBlanks(line, from + FROM.length());
        String address;
        if (path < line.length() && line.charAt(path) == '<') {
            int close = line.indexOf('>', path + 1);
            if (close < 0) {
                return of(Kind.MAIL_SYNTAX);
            }
            address = line.substring(path + 1, close);
            if (close + 1 < line.length() && !isBlank(line.charAt(close + 1))) {
                return of(Kind.MAIL_SYNTAX);
            }
        } else {
            int end = path;
            while (end < line.length() && !isBlank(line.charAt(end))) {
                end++;
            }
            address = line.substring(path, end);
            if (address.isEmpty() || address.indexOf('>') >= 0) {
                return of(Kind.MAIL_SYNTAX);
            }
        }
        if (address.indexOf('<') >= 0) {
            return of(Kind.MAIL_SYNTAX);
        }
        return new SubmitCommand(Kind.MAIL, address, 0, false);
    }

    private static SubmitCommand chunk(String line, boolean crlf) {
        Matcher bdat = BDAT.matcher(line);
        if (!crlf || !bdat.matches()) {
            return of(Kind.CHUNK_SYNTAX);
        }
        long size = Long.parseLong(bdat.group(1));
        if (size > MAX_CHUNK) {
            return of(Kind.CHUNK_TOO_LARGE);
        }
        return new SubmitCommand(Kind.CHUNK, null, size, bdat.group(2) != null);
    }

    private static SubmitCommand of(Kind kind) {
        return new SubmitCommand(kind, null, 0, false);
    }

    private static int skipBlanks(String line, int from) {
        int i = from;
        while (i < line.length() && isBlank(line.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    private static boolean isVerbChar(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9';
    }
}
