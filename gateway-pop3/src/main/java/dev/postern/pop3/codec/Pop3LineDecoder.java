package dev.postern.pop3.codec;

import dev.postern.core.front.SuspendableDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.ByteProcessor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits what a POP3 client sends before login into {@link Pop3Input} values, one line at a time.
 *
 * <p><b>Lines.</b> A line ends with CRLF; a bare LF is accepted too (as the SMTP decoder and
 * Dovecot do). A NUL, or a CR not followed by LF, makes the line {@link Pop3Input.Malformed}
 * (non-fatal).
 *
 * <p><b>Bounds.</b> A command line, line ending included, is at most {@code maxLineLength} octets
 * (default {@value #DEFAULT_MAX_LINE_LENGTH}, RFC 2449 §4; RFC 5034 §4 keeps {@code AUTH} with its
 * initial response within it). The one line after a SASL challenge, announced by the front with
 * {@link #expectSaslResponse()}, may be up to {@code maxSaslLineLength} octets (default
 * {@value #DEFAULT_MAX_SASL_LINE_LENGTH}): RFC 5034 §4 puts no line limit on SASL responses, and this
 * is twice the longest base64 response the shared SASL exchange decodes (4096 chars), so a response
 * over the exchange's own bound is refused in its words, not cut by the framing. As soon as more
 * octets than the bound arrive without a line ending, the decoder emits a non-fatal
 * {@link Pop3Input.Malformed#LINE_TOO_LONG} and drops everything up to and including the next LF, so
 * the rest of a long line is never read as commands.
 *
 * <p><b>Modes</b>, set by the front on the channel's event loop, as for the SMTP decoder:
 * <ul>
 *   <li>{@link #suspend()} / {@link #resume()}: while suspended nothing is emitted and bytes stay
 *       buffered (removing the decoder then re-fires them to the next handler: this is how commands
 *       pipelined behind {@code PASS} or {@code AUTH} reach the upstream, in order). If more than
 *       {@code maxSuspended} octets arrive while suspended, the decoder drops it all, stops for good,
 *       {@link #isOverflowing()} turns true and {@link #resume()} emits a fatal
 *       {@link Pop3Input.Malformed#TOO_MUCH_WHILE_SUSPENDED}.</li>
 *   <li>{@link #expectSaslResponse()}: the next line gets the SASL bound.</li>
 *   <li>{@link #discardBuffered()}: drops every buffered byte (after STLS, CVE-2011-0411).</li>
 * </ul>
 * State is confined to the channel's event loop, so no field needs to be volatile.
 */
public final class Pop3LineDecoder extends SuspendableDecoder {

    /** RFC 2449 §4: a command line is at most 255 octets, CRLF included. */
    public static final int DEFAULT_MAX_LINE_LENGTH = 255;
    /** The longest SASL response line, CRLF included (see the class comment). */
    public static final int DEFAULT_MAX_SASL_LINE_LENGTH = 8192;
    /** What a suspended decoder holds at most (commands pipelined behind a login). */
    public static final int DEFAULT_MAX_SUSPENDED = 64 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(Pop3LineDecoder.class);

    private final int maxLineLength;
    private final int maxSaslLineLength;
    private final int maxSuspended;
    private boolean saslResponse;
    private boolean discardingLine;
    private boolean stopped;

    public Pop3LineDecoder() {
        this(DEFAULT_MAX_LINE_LENGTH, DEFAULT_MAX_SUSPENDED);
    }

    public Pop3LineDecoder(int maxLineLength, int maxSuspended) {
        this(maxLineLength, Math.max(DEFAULT_MAX_SASL_LINE_LENGTH, maxLineLength), maxSuspended);
    }

    /** As above, with another bound for SASL response lines (the fuzz target makes it small). */
    public Pop3LineDecoder(int maxLineLength, int maxSaslLineLength, int maxSuspended) {
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
        this.maxSuspended = maxSuspended;
    }

    /**
     * The next line answers a SASL challenge: it may be up to the SASL bound. Only that line: the
     * command bound applies again after it (or after its {@link Pop3Input.Malformed#LINE_TOO_LONG}).
     */
    public void expectSaslResponse() {
        saslResponse = true;
    }

    /** Drops every buffered byte, including what follows the line being handled right now. */
    @Override
    public void discardBuffered() {
        ByteBuf buffered = internalBuffer();
        buffered.skipBytes(buffered.readableBytes());
        discardingLine = false;
        saslResponse = false;
    }

    @Override
    protected Object overflowMessage() {
        return new Pop3Input.Malformed(Pop3Input.Malformed.TOO_MUCH_WHILE_SUSPENDED, true);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (stopped) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (isSuspended()) {
            if (in.readableBytes() > maxSuspended) {
                markOverflowing();
                stopped = true;
                in.skipBytes(in.readableBytes());
                LOG.debug("POP3 decoder stopped: {}", Pop3Input.Malformed.TOO_MUCH_WHILE_SUSPENDED);
            }
            return;
        }
        if (discardingLine) {
            int lf = in.forEachByte(ByteProcessor.FIND_LF);
            if (lf < 0) {
                in.skipBytes(in.readableBytes());
                return;
            }
            in.readerIndex(lf + 1);
            discardingLine = false;
        }
        int bound = saslResponse ? maxSaslLineLength : maxLineLength;
        int start = in.readerIndex();
        int window = Math.min(in.readableBytes(), bound);
        int lf = window == 0 ? -1 : in.forEachByte(start, window, ByteProcessor.FIND_LF);
        if (lf < 0) {
            if (in.readableBytes() >= bound) {
                in.skipBytes(bound); // the rest of the line goes in discarding mode, up to its LF
                discardingLine = true;
                saslResponse = false;
                out.add(new Pop3Input.Malformed(Pop3Input.Malformed.LINE_TOO_LONG, false));
            }
            return;
        }
        int end = lf > start && in.getByte(lf - 1) == '\r' ? lf - 1 : lf;
        Pop3Input input = line(in, start, end);
        in.readerIndex(lf + 1);
        saslResponse = false;
        out.add(input);
    }

    private static Pop3Input line(ByteBuf in, int start, int end) {
        for (int i = start; i < end; i++) {
            byte b = in.getByte(i);
            if (b == 0) {
                return new Pop3Input.Malformed(Pop3Input.Malformed.NUL_OCTET, false);
            }
            if (b == '\r') {
                return new Pop3Input.Malformed(Pop3Input.Malformed.BARE_CR, false);
            }
        }
        return new Pop3Input.Line(in.toString(start, end - start, StandardCharsets.ISO_8859_1));
    }
}
