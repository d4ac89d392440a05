package dev.postern.imap.codec;

import dev.postern.core.front.SuspendableDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes what an IMAP client sends before login into {@link ImapRequest} values: bad input
 * becomes an {@link ImapMalformed}, never an exception.
 *
 * <p><b>Framing.</b> A command is {@code tag SP name [SP args]} and a line ending, with literals
 * {@code {n}} (synchronizing: this decoder itself writes {@link #LITERAL_CONTINUATION} and waits
 * for the octets) and {@code {n+}} (LITERAL+, no continuation). The line ending is CRLF; a bare LF
 * is also accepted as a line ending, as Dovecot and most servers do, so scripted clients work.
 * A CR not followed by LF, or a NUL anywhere (literals included), makes the command malformed
 * (non-fatal). A quoted string allows only the escapes {@code \"} and {@code \\}. No continuation
 * is sent for a synchronizing literal of a command already known to be malformed (NUL, bare CR, bad
 * escape); other syntax errors are reported once the whole command, literals included, is read,
 * so framing always stays in step with the client.
 *
 * <p><b>Bounds.</b> One command, literals and line endings included, is at most
 * {@code maxLineLength} octets (default {@value #DEFAULT_MAX_LINE_LENGTH}). Past it, the decoder
 * emits a fatal {@link ImapMalformed#LINE_TOO_LONG} as soon as the cumulation exceeds the bound,
 * without waiting for the line ending. A literal that would not fit, or whose size is absurd or not
 * a number, yields a fatal {@link ImapMalformed#LITERAL_TOO_LARGE} / {@link ImapMalformed#INVALID_LITERAL}
 * and no continuation is sent for it. After any fatal value the decoder discards everything it
 * holds or receives, so the bytes of a refused literal are never read as commands; the front sends
 * {@code * BYE} and closes.
 *
 * <p><b>Modes</b>, set by the front on the channel's event loop, between commands:
 * <ul>
 *   <li>{@link #expectContinuationLine()}: the next line is emitted as an {@link ImapContinuation}.</li>
 *   <li>{@link #suspend()} / {@link #resume()}: while suspended nothing is emitted and bytes stay
 *       buffered (removing the decoder then re-fires them to the next handler). If more than the
 *       line bound arrives while suspended, the decoder drops it all, stops for good,
 *       {@link #isOverflowing()} turns true, and {@link #resume()} emits a fatal
 *       {@link ImapMalformed#TOO_MUCH_WHILE_SUSPENDED}. A front that completes a login while
 *       suspended must check {@link #isOverflowing()} before handing off, and close instead.</li>
 *   <li>{@link #discardBuffered()}: drops every buffered byte (after STARTTLS, CVE-2011-0411).</li>
 * </ul>
 * State is confined to the channel's event loop, so no field needs to be volatile.
 */
public final class ImapCommandDecoder extends SuspendableDecoder {

    /** Default bound on one command, literals included (as Dovecot's imap-login). */
    public static final int DEFAULT_MAX_LINE_LENGTH = 8192;

    /** Sent for an accepted synchronizing literal. */
    public static final String LITERAL_CONTINUATION = "+ Ready for literal data\r\n";

    private static final Logger LOG = LoggerFactory.getLogger(ImapCommandDecoder.class);
    private static final byte[] LITERAL_CONTINUATION_BYTES = LITERAL_CONTINUATION.getBytes(StandardCharsets.US_ASCII);

    private final int maxLineLength;
    private final CommandFramer framer;
    private boolean lineMode;
    private boolean stopped;

    public ImapCommandDecoder() {
        this(DEFAULT_MAX_LINE_LENGTH);
    }

    public ImapCommandDecoder(int maxLineLength) {
        if (maxLineLength < 64) {
            throw new IllegalArgumentException("maxLineLength: " + maxLineLength + " (expected: at least 64)");
        }
        this.maxLineLength = maxLineLength;
        this.framer = new CommandFramer(maxLineLength);
    }

    /** The next line (up to its line ending) is emitted as an {@link ImapContinuation}; then back to commands. */
    public void expectContinuationLine() {
        lineMode = true;
        framer.reset(true);
    }

    /** Drops every buffered byte, including what follows the command being handled right now. */
    public void discardBuffered() {
        ByteBuf buffered = internalBuffer();
        buffered.skipBytes(buffered.readableBytes());
        framer.reset(lineMode);
    }

    /** Whether the decoder has emitted a fatal value and discards everything from now on. */
    public boolean isStopped() {
        return stopped;
    }

    @Override
    protected Object overflowMessage() {
        return new ImapMalformed(null, ImapMalformed.TOO_MUCH_WHILE_SUSPENDED, true);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (stopped) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (isSuspended()) {
            if (in.readableBytes() > maxLineLength) {
                markOverflowing();
                stop(in, ImapMalformed.TOO_MUCH_WHILE_SUSPENDED);
            }
            return;
        }
        while (true) {
            switch (framer.scan(in)) {
                case NEED_MORE:
                    return;
                case SEND_CONTINUATION:
                    ctx.writeAndFlush(Unpooled.wrappedBuffer(LITERAL_CONTINUATION_BYTES));
                    continue;
                case FATAL:
                    String tag = lineMode ? null
                            : ImapSyntax.tagOf(in, in.readerIndex(), Math.min(in.readableBytes(), maxLineLength));
                    out.add(new ImapMalformed(tag, framer.fatalReason(), true));
                    stop(in, framer.fatalReason());
                    return;
                case FRAME:
                    out.add(frame(in));
                    return;
                default:
                    throw new IllegalStateException("unknown framer event");
            }
        }
    }

    private ImapRequest frame(ByteBuf in) {
        int start = in.readerIndex();
        int length = framer.frameLength();
        String error = framer.error();
        ImapRequest request;
        if (lineMode) {
            request = error != null
                    ? new ImapMalformed(null, error, false)
                    : new ImapContinuation(in.toString(start, framer.contentEnd(), StandardCharsets.ISO_8859_1));
        } else if (error != null) {
            request = new ImapMalformed(ImapSyntax.tagOf(in, start, length), error, false);
        } else {
            request = CommandParser.parse(ByteBufUtil.getBytes(in, start, length));
        }
        in.skipBytes(length);
        lineMode = false;
        framer.reset(false);
        return request;
    }

    private void stop(ByteBuf in, String reason) {
        stopped = true;
        in.skipBytes(in.readableBytes());
        LOG.debug("IMAP decoder stopped: {}", reason);
    }
}
