package dev.postern.smtp.codec;

import dev.postern.core.front.LineDecoder;
import io.netty.buffer.ByteBuf;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits what an SMTP client sends before login into {@link SmtpInput} values, one line at a time,
 * as every {@link LineDecoder} does (a bare LF ends a line too, as in Postfix).
 *
 * <p><b>Bounds.</b> A line, line ending included, is at most {@code maxLineLength} octets
 * (default {@value #DEFAULT_MAX_LINE_LENGTH}, RFC 4954 §4); while a login is checked at most
 * {@code maxSuspended} octets are held: pipelined commands behind {@code AUTH PLAIN <initial
 * response>} (RFC 4954 §4), which reach the upstream when the decoder is removed.
 *
 * <p><b>BDAT.</b> A line {@code BDAT <size> [LAST]} (RFC 3030) is followed by {@code size} octets
 * of message data that are not commands. The decoder emits a {@link SmtpInput.Chunk} (the front
 * refuses it before login) and skips exactly that many octets, however they are split across reads,
 * so none is ever read as a command. A size over {@value #MAX_SKIPPED_CHUNK} is emitted as a fatal
 * {@link SmtpInput.Malformed#CHUNK_TOO_LARGE} instead, and the decoder stops for good.
 *
 * <p>{@link #discardBuffered()} (after STARTTLS, CVE-2011-0411) also forgets the rest of a chunk.
 */
public final class SmtpLineDecoder extends LineDecoder {

    /** RFC 4954 §4: an AUTH command line may be up to 12288 octets. */
    public static final int DEFAULT_MAX_LINE_LENGTH = 12288;
    /** What a suspended decoder holds at most (pipelined commands behind AUTH, a few chunks at most). */
    public static final int DEFAULT_MAX_SUSPENDED = 64 * 1024;

    /** The largest BDAT chunk skipped before login; a larger one ends the connection. */
    public static final long MAX_SKIPPED_CHUNK = 64 * 1024;

    private static final Pattern BDAT = Pattern.compile("BDAT +([0-9]+)( +LAST)? *", Pattern.CASE_INSENSITIVE);

    private final int maxLineLength;
    private long chunkLeft;

    public SmtpLineDecoder() {
        this(DEFAULT_MAX_LINE_LENGTH, DEFAULT_MAX_SUSPENDED);
    }

    public SmtpLineDecoder(int maxLineLength, int maxSuspended) {
        super("SMTP", maxSuspended);
        if (maxLineLength < 512) {
            throw new IllegalArgumentException("maxLineLength: " + maxLineLength + " (expected: at least 512, RFC 5321)");
        }
        if (maxSuspended < maxLineLength) {
            throw new IllegalArgumentException("maxSuspended: " + maxSuspended + " (expected: at least maxLineLength "
                    + maxLineLength + ")");
        }
        this.maxLineLength = maxLineLength;
    }

    @Override
    public void discardBuffered() {
        super.discardBuffered();
        chunkLeft = 0;
    }

    @Override
    protected int lineBound() {
        return maxLineLength;
    }

    @Override
    protected boolean skipNonCommands(ByteBuf in) {
        if (chunkLeft > 0) {
            skipChunk(in);
        }
        return chunkLeft == 0;
    }

    @Override
    protected Object malformed(String reason, boolean fatal) {
        return new SmtpInput.Malformed(reason, fatal);
    }

    /** A {@code BDAT} line becomes a {@link SmtpInput.Chunk} whose octets are skipped from here on. */
    @Override
    protected Object line(String text, ByteBuf rest) {
        Matcher bdat = BDAT.matcher(text);
        if (!bdat.matches()) {
            return new SmtpInput.Line(text);
        }
        long size = bdat.group(1).length() > 18 ? Long.MAX_VALUE : Long.parseLong(bdat.group(1));
        if (size > MAX_SKIPPED_CHUNK) {
            stop(rest);
            return new SmtpInput.Malformed(SmtpInput.Malformed.CHUNK_TOO_LARGE, true);
        }
        chunkLeft = size;
        skipChunk(rest);
        return new SmtpInput.Chunk(size, bdat.group(2) != null);
    }

    private void skipChunk(ByteBuf in) {
        int skipped = (int) Math.min(chunkLeft, in.readableBytes());
        in.skipBytes(skipped);
        chunkLeft -= skipped;
    }
}
