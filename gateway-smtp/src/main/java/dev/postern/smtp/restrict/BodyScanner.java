package dev.postern.smtp.restrict;

import io.netty.util.ByteProcessor;

/**
 * Follows a DATA body octet by octet to its end, the canonical {@code CRLF . CRLF} (or {@code . CRLF}
 * right at its start), without keeping any of it.
 *
 * <p><b>SMTP smuggling.</b> A line of only a dot next to a bare CR or LF ({@code LF . LF},
 * {@code CRLF . LF}, {@code LF . CRLF}, {@code CR . CR}, or a dot with NULs that a server might strip)
 * is the end of the message for some servers and not for others. Behind it a client could hide a
 * {@code MAIL FROM} that Postern would pass as body text while a lax upstream runs it as a command.
 * The scanner calls such a line {@link Verdict#SMUGGLING} at the CR or LF that ends it, before that
 * octet goes upstream: the session ends, and the upstream has seen a dot but no line ending after it.
 * The one octet that cannot be judged at once, the CR after a dot at a strict line start (the end, if
 * LF follows), is {@link #pending()}: the filter holds it back until the next octet decides.
 *
 * <p>Lines are split, for this check, at every CR and every LF ("loose" lines); the canonical end is a
 * loose line of one dot that starts right after CRLF (or at the start of the body) and ends with CRLF.
 */
final class BodyScanner implements ByteProcessor {

    /** What the scanner has found. */
    enum Verdict { MORE, END, SMUGGLING }

    private Verdict verdict;
    private boolean lastCr;
    /** The current loose line started right after CRLF, or at the start of the body. */
    private boolean strictStart;
    /** Octets in the current loose line, counted up to 2 (only "one" matters). */
    private int length;
    private int dots;
    /** An octet other than a dot or a NUL in the current loose line. */
    private boolean other;
    /** A line of one dot, at a strict start, was ended by CR: only LF may follow. */
    private boolean dotCr;

    BodyScanner() {
        reset();
    }

    /** A new body starts (after the upstream's 354). */
    void reset() {
        verdict = Verdict.MORE;
        lastCr = false;
        strictStart = true;
        length = 0;
        dots = 0;
        other = false;
        dotCr = false;
    }

    Verdict verdict() {
        return verdict;
    }

    /** Octets at the end of what was scanned that are not to be passed on yet (the CR after a dot). */
    int pending() {
        return dotCr ? 1 : 0;
    }

    @Override
    public boolean process(byte b) {
        if (dotCr) {
            verdict = b == '\n' ? Verdict.END : Verdict.SMUGGLING;
            return false;
        }
        if (b == '\r' || b == '\n') {
            if (dots == 1 && !other) {
                if (b == '\r' && strictStart && length == 1) {
                    dotCr = true;
                    return true;
                }
                verdict = Verdict.SMUGGLING;
                return false;
            }
            strictStart = b == '\n' && lastCr;
            lastCr = b == '\r';
            length = 0;
            dots = 0;
            other = false;
            return true;
        }
        lastCr = false;
        if (length < 2) {
            length++;
        }
        if (b == '.' && dots < 2) {
            dots++;
        } else if (b != '.' && b != 0) {
            other = true;
        }
        return true;
    }
}
