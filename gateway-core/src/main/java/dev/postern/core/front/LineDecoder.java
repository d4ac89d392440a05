package dev.postern.core.front;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.ByteProcessor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pre-auth decoder of a line protocol (SMTP, POP3): what a client sends before login, one line
 * at a time, each emitted as the protocol's line or malformed value (never an exception).
 *
 * <p><b>Lines.</b> A line ends with CRLF; a bare LF is accepted too (as Postfix and Dovecot do). A
 * NUL, or a CR not followed by LF, makes the line malformed ({@link #NUL_OCTET}, {@link #BARE_CR};
 * non-fatal). The text is one char per octet (ISO-8859-1); it may be a password or a SASL response,
 * so it is never logged.
 *
 * <p><b>Bounds.</b> A line, line ending included, is at most {@link #lineBound()} octets. As soon as
 * more arrive without a line ending, the decoder emits a non-fatal {@link #LINE_TOO_LONG} and drops
 * everything up to and including the next LF, so the rest of a long line is never read as commands.
 *
 * <p><b>Suspended</b> (see {@link SuspendableDecoder}): nothing is emitted and bytes stay buffered; if
 * more than {@code maxSuspended} octets arrive, the decoder drops them all and {@linkplain #stop stops}
 * for good, and {@link #resume()} emits the fatal {@link #TOO_MUCH_WHILE_SUSPENDED}.
 *
 * <p>A protocol supplies its values ({@link #line}, {@link #malformed}) and may skip octets that are
 * not commands ({@link #skipNonCommands}). State is confined to the channel's event loop, so no field
 * needs to be volatile.
 */
public abstract class LineDecoder extends SuspendableDecoder {

    public static final String LINE_TOO_LONG = "line too long";
    public static final String NUL_OCTET = "NUL octet in a command line";
    public static final String BARE_CR = "CR not followed by LF";
    public static final String TOO_MUCH_WHILE_SUSPENDED = "too much data sent before the login completed";

    private static final Logger LOG = LoggerFactory.getLogger(LineDecoder.class);

    private final String protocol;
    private final int maxSuspended;
    private boolean discardingLine;
    private boolean stopped;

    /**
     * @param protocol     the protocol's name, for the debug line when the decoder stops
     * @param maxSuspended octets held at most while suspended
     */
    protected LineDecoder(String protocol, int maxSuspended) {
        this.protocol = protocol;
        this.maxSuspended = maxSuspended;
    }

    /** The most octets the next line may have, line ending included. */
    protected abstract int lineBound();

    /** The protocol's value for a well-formed line; {@code rest} holds what follows it (already read past). */
    protected abstract Object line(String text, ByteBuf rest);

    /** The protocol's value for input it refuses. */
    protected abstract Object malformed(String reason, boolean fatal);

    /**
     * Skips octets before the next line that are not commands (such as an SMTP BDAT chunk) and says
     * whether a line may start now; by default there are none.
     */
    protected boolean skipNonCommands(ByteBuf in) {
        return true;
    }

    /** Called when a line ended, well-formed or not, or was cut at the bound. */
    protected void lineEnded() {
    }

    /** Drops every buffered byte, including what follows the line being handled right now. */
    @Override
    public void discardBuffered() {
        ByteBuf buffered = internalBuffer();
        buffered.skipBytes(buffered.readableBytes());
        discardingLine = false;
    }

    /** Drops what is buffered and everything that comes later: the decoder emits nothing more. */
    protected final void stop(ByteBuf in) {
        stopped = true;
        in.skipBytes(in.readableBytes());
    }

    @Override
    protected final Object overflowMessage() {
        return malformed(TOO_MUCH_WHILE_SUSPENDED, true);
    }

    @Override
    protected final void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (stopped) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (isSuspended()) {
            if (in.readableBytes() > maxSuspended) {
                markOverflowing();
                stop(in);
                LOG.debug("{} decoder stopped: {}", protocol, TOO_MUCH_WHILE_SUSPENDED);
            }
            return;
        }
        if (!skipNonCommands(in)) {
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
        int bound = lineBound();
        int start = in.readerIndex();
        int window = Math.min(in.readableBytes(), bound);
        int lf = window == 0 ? -1 : in.forEachByte(start, window, ByteProcessor.FIND_LF);
        if (lf < 0) {
            if (in.readableBytes() >= bound) {
                in.skipBytes(bound); // the rest of the line goes in discarding mode, up to its LF
                discardingLine = true;
                lineEnded();
                out.add(malformed(LINE_TOO_LONG, false));
            }
            return;
        }
        int end = lf > start && in.getByte(lf - 1) == '\r' ? lf - 1 : lf;
        String refusal = refusal(in, start, end);
        String text = refusal == null ? in.toString(start, end - start, StandardCharsets.ISO_8859_1) : null;
        in.readerIndex(lf + 1);
        lineEnded();
        out.add(refusal == null ? line(text, in) : malformed(refusal, false));
    }

    /** Why the octets of a line are refused, or null. */
    private static String refusal(ByteBuf in, int start, int end) {
        for (int i = start; i < end; i++) {
            byte b = in.getByte(i);
            if (b == 0) {
                return NUL_OCTET;
            }
            if (b == '\r') {
                return BARE_CR;
            }
        }
        return null;
    }
}
