package dev.postern.smtp.codec;

import dev.postern.core.front.SuspendableDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.ByteProcessor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits what an SMTP client sends before login into {@link SmtpInput} values, one line at a time.
 *
 * <p><b>Lines.</b> A line ends with CRLF; a bare LF is accepted too (as Postfix does). A NUL, or
 * a CR not followed by LF, makes the line {@link SmtpInput.Malformed} (non-fatal).
 *
 * <p><b>Bounds.</b> A line, line ending included, is at most {@code maxLineLength} octets
 * (default {@value #DEFAULT_MAX_LINE_LENGTH}, RFC 4954 §4). As soon as more arrive without a line
 * ending, the decoder emits a non-fatal {@link SmtpInput.Malformed#LINE_TOO_LONG} and drops
 * everything up to and including the next LF, so the rest of a long line is never read as commands.
 *
 * <p><b>Modes</b>, set by the front on the channel's event loop, as for the IMAP decoder:
 * <ul>
 *   <li>{@link #suspend()} / {@link #resume()}: while suspended nothing is emitted and bytes stay
 *       buffered (removing the decoder then re-fires them to the next handler: this is how commands
 *       pipelined behind {@code AUTH PLAIN <initial response>} reach the upstream, RFC 4954 §4).
 *       If more than {@code maxSuspended} octets arrive while suspended, the decoder drops it all,
 *       stops for good, {@link #isOverflowing()} turns true and {@link #resume()} emits a fatal
 *       {@link SmtpInput.Malformed#TOO_MUCH_WHILE_SUSPENDED}.</li>
 *   <li>{@link #discardBuffered()}: drops every buffered byte (after STARTTLS, CVE-2011-0411).</li>
 * </ul>
 * State is confined to the channel's event loop, so no field needs to be volatile.
 */
public final class SmtpLineDecoder extends SuspendableDecoder {

    /** RFC 4954 §4: an AUTH command line may be up to 12288 octets. */
    public static final int DEFAULT_MAX_LINE_LENGTH = 12288;
    /** What a suspended decoder holds at most (pipelined commands behind AUTH, a few chunks at most). */
    public static final int DEFAULT_MAX_SUSPENDED = 64 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(SmtpLineDecoder.class);

    private final int maxLineLength;
    private final int maxSuspended;
    private boolean discardingLine;
    private boolean stopped;

    public SmtpLineDecoder() {
        this(DEFAULT_MAX_LINE_LENGTH, DEFAULT_MAX_SUSPENDED);
    }

    public SmtpLineDecoder(int maxLineLength, int maxSuspended) {
        if (maxLineLength < 512) {
            throw new IllegalArgumentException("maxLineLength: " + maxLineLength + " (expected: at least 512, RFC 5321)");
        }
        if (maxSuspended < maxLineLength) {
            throw new IllegalArgumentException("maxSuspended: " + maxSuspended + " (expected: at least maxLineLength "
                    + maxLineLength + ")");
        }
        this.maxLineLength = maxLineLength;
        this.maxSuspended = maxSuspended;
    }

    /** Drops every buffered byte, including what follows the line being handled right now. */
    public void discardBuffered() {
        ByteBuf buffered = internalBuffer();
        buffered.skipBytes(buffered.readableBytes());
        discardingLine = false;
    }

    @Override
    protected Object overflowMessage() {
        return new SmtpInput.Malformed(SmtpInput.Malformed.TOO_MUCH_WHILE_SUSPENDED, true);
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
                LOG.debug("SMTP decoder stopped: {}", SmtpInput.Malformed.TOO_MUCH_WHILE_SUSPENDED);
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
        int start = in.readerIndex();
        int window = Math.min(in.readableBytes(), maxLineLength);
        int lf = window == 0 ? -1 : in.forEachByte(start, window, ByteProcessor.FIND_LF);
        if (lf < 0) {
            if (in.readableBytes() >= maxLineLength) {
                in.skipBytes(maxLineLength); // the rest of the line goes in discarding mode, up to its LF
                discardingLine = true;
                out.add(new SmtpInput.Malformed(SmtpInput.Malformed.LINE_TOO_LONG, false));
            }
            return;
        }
        int end = lf > start && in.getByte(lf - 1) == '\r' ? lf - 1 : lf;
        out.add(line(in, start, end));
        in.readerIndex(lf + 1);
    }

    private static SmtpInput line(ByteBuf in, int start, int end) {
        for (int i = start; i < end; i++) {
            byte b = in.getByte(i);
            if (b == 0) {
                return new SmtpInput.Malformed(SmtpInput.Malformed.NUL_OCTET, false);
            }
            if (b == '\r') {
                return new SmtpInput.Malformed(SmtpInput.Malformed.BARE_CR, false);
            }
        }
        return new SmtpInput.Line(in.toString(start, end - start, StandardCharsets.ISO_8859_1));
    }
}
