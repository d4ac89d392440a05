package dev.postern.smtp.codec;

import dev.postern.core.front.SuspendableDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.ByteProcessor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * <p><b>BDAT.</b> A line {@code BDAT <size> [LAST]} (RFC 3030) is followed by {@code size} octets
 * of message data that are not commands. The decoder emits a {@link SmtpInput.Chunk} (the front
 * refuses it before login) and skips exactly that many octets, however they are split across reads,
 * so none is ever read as a command. A size over {@value #MAX_SKIPPED_CHUNK} is emitted as a fatal
 * {@link SmtpInput.Malformed#CHUNK_TOO_LARGE} instead, and the decoder stops for good.
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

    /** The largest BDAT chunk skipped before login; a larger one ends the connection. */
    public static final long MAX_SKIPPED_CHUNK = 64 * 1024;

    private static final Pattern BDAT = Pattern.compile("BDAT +([0-9]+)( +LAST)? *", Pattern.CASE_INSENSITIVE);
    private static final Logger LOG = LoggerFactory.getLogger(SmtpLineDecoder.class);

    private final int maxLineLength;
    private final int maxSuspended;
    private boolean discardingLine;
    private long chunkLeft;
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
        chunkLeft = 0;
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
        if (chunkLeft > 0) {
            int skipped = (int) Math.min(chunkLeft, in.readableBytes());
            in.skipBytes(skipped);
            chunkLeft -= skipped;
            if (chunkLeft > 0) {
                return;
            }
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
        SmtpInput input = line(in, start, end);
        in.readerIndex(lf + 1);
        out.add(input instanceof SmtpInput.Line line ? chunkOrLine(line, in) : input);
    }

    /** A {@code BDAT} line becomes a {@link SmtpInput.Chunk} whose octets are skipped from here on. */
    private SmtpInput chunkOrLine(SmtpInput.Line line, ByteBuf in) {
        Matcher bdat = BDAT.matcher(line.text());
        if (!bdat.matches()) {
            return line;
        }
        long size = bdat.group(1).length() > 18 ? Long.MAX_VALUE : Long.parseLong(bdat.group(1));
        if (size > MAX_SKIPPED_CHUNK) {
            stopped = true;
            in.skipBytes(in.readableBytes());
            return new SmtpInput.Malformed(SmtpInput.Malformed.CHUNK_TOO_LARGE, true);
        }
        chunkLeft = size;
        int skipped = (int) Math.min(chunkLeft, in.readableBytes());
        in.skipBytes(skipped);
        chunkLeft -= skipped;
        return new SmtpInput.Chunk(size, bdat.group(2) != null);
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
