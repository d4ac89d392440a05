package dev.postern.pop3.codec;

import dev.postern.core.front.LineDecoder;
import io.netty.buffer.ByteBuf;

/**
 * Splits what a POP3 client sends before login into {@link Pop3Input} values, one line at a time,
 * as every {@link LineDecoder} does (a bare LF ends a line too, as in Dovecot).
 *
 * <p><b>Bounds.</b> A command line, line ending included, is at most {@code maxLineLength} octets
 * (default {@value #DEFAULT_MAX_LINE_LENGTH}, RFC 2449 §4; RFC 5034 §4 keeps {@code AUTH} with its
 * initial response within it). The one line after a SASL challenge, announced by the front with
 * {@link #expectSaslResponse()}, may be up to {@code maxSaslLineLength} octets (default
 * {@value #DEFAULT_MAX_SASL_LINE_LENGTH}): RFC 5034 §4 puts no line limit on SASL responses, and this
 * is twice the longest base64 response the shared SASL exchange decodes (4096 chars), so a response
 * over the exchange's own bound is refused in its words, not cut by the framing. While a login is
 * checked at most {@code maxSuspended} octets are held: commands pipelined behind {@code PASS} or
 * {@code AUTH}, which reach the upstream, in order, when the decoder is removed.
 *
 * <p>{@link #discardBuffered()} (after STLS, CVE-2011-0411) also forgets an announced SASL response.
 */
public final class Pop3LineDecoder extends LineDecoder {

    /** RFC 2449 §4: a command line is at most 255 octets, CRLF included. */
    public static final int DEFAULT_MAX_LINE_LENGTH = 255;
    /** The longest SASL response line, CRLF included (see the class comment). */
    public static final int DEFAULT_MAX_SASL_LINE_LENGTH = 8192;
    /** What a suspended decoder holds at most (commands pipelined behind a login). */
    public static final int DEFAULT_MAX_SUSPENDED = 64 * 1024;

    private final int maxLineLength;
    private final int maxSaslLineLength;
    private boolean saslResponse;

    public Pop3LineDecoder() {
        this(DEFAULT_MAX_LINE_LENGTH, DEFAULT_MAX_SUSPENDED);
    }

    public Pop3LineDecoder(int maxLineLength, int maxSuspended) {
        this(maxLineLength, Math.max(DEFAULT_MAX_SASL_LINE_LENGTH, maxLineLength), maxSuspended);
    }

    /** As above, with another bound for SASL response lines (the fuzz target makes it small). */
    public Pop3LineDecoder(int maxLineLength, int maxSaslLineLength, int maxSuspended) {
        super("POP3", maxSuspended);
        if (maxLineLength < DEFAULT_MAX_LINE_LENGTH) {
            throw new IllegalArgumentException("maxLineLength: " + maxLineLength + " (expected: at least "
                    + DEFAULT_MAX_LINE_LENGTH + ", RFC 2449)");
        }
        if (maxSaslLineLength < maxLineLength) {
            throw new IllegalArgumentException("maxSaslLineLength: " + maxSaslLineLength
                    + " (expected: at least maxLineLength " + maxLineLength + ")");
        }
        if (maxSuspended < maxLineLength) {
            throw new IllegalArgumentException("maxSuspended: " + maxSuspended
                    + " (expected: at least maxLineLength " + maxLineLength + ")");
        }
        this.maxLineLength = maxLineLength;
        this.maxSaslLineLength = maxSaslLineLength;
    }

    /**
     * The next line answers a SASL challenge: it may be up to the SASL bound. Only that line: the
     * command bound applies again after it (or after its {@link Pop3Input.Malformed#LINE_TOO_LONG}).
     */
    public void expectSaslResponse() {
        saslResponse = true;
    }

    @Override
    public void discardBuffered() {
        super.discardBuffered();
        saslResponse = false;
    }

    @Override
    protected int lineBound() {
        return saslResponse ? maxSaslLineLength : maxLineLength;
    }

    @Override
    protected void lineEnded() {
        saslResponse = false;
    }

    @Override
    protected Object line(String text, ByteBuf rest) {
        return new Pop3Input.Line(text);
    }

    @Override
    protected Object malformed(String reason, boolean fatal) {
        return new Pop3Input.Malformed(reason, fatal);
    }
}
