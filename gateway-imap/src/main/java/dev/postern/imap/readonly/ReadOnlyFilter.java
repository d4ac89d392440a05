package dev.postern.imap.readonly;

import static dev.postern.imap.readonly.ReadOnlyReplies.*;

import dev.postern.imap.readonly.ReadOnlyCommands.Verdict;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client side of a read-only session, ahead of the relay stage: reads the commands the client
 * sends and passes on only those of the allow-list ({@link ReadOnlyCommands}), with {@code SELECT}
 * rewritten to {@code EXAMINE}. A refused command never reaches the upstream; it is answered with
 * {@code NO [NOPERM]} in its place among the replies (see {@link CommandLedger}).
 *
 * <p><b>Bounded, never whole.</b> One line (literals excluded) is buffered until its line ending, at
 * most {@code maxLine} octets; a literal's octets are counted and passed on (or dropped) as they come,
 * never gathered. Passed octets leave as slices of what was read, one message per read.
 *
 * <p><b>Literals.</b> In a refused command, a synchronizing literal ({@code {n}}) gets no continuation:
 * the refusal ends the command, and the client sends nothing more for it (RFC 9051 §7.5); a
 * non-synchronizing one ({@code {n+}}) is read and dropped, then the command's next line, and the
 * refusal follows at its end. In a command that goes upstream, a synchronizing literal passes once the
 * upstream asks for it; a non-synchronizing one is refused with {@code BAD} in the first line (LITERAL+
 * is not announced) and ends the session after it (the upstream already has part of the command).
 *
 * <p><b>IDLE.</b> The next line must be {@code DONE}; anything else ends the session. If the upstream
 * completes the idle command first, the next line is a command again.
 *
 * <p>Confined to the session's one event loop: no field needs to be volatile.
 */
final class ReadOnlyFilter extends ByteToMessageDecoder {

    /** The line bound (literals excluded), as Dovecot's {@code imap_max_line_length}. */
    static final int MAX_LINE = 65536;
    /** Answers held behind commands in flight; past it, reading waits for the upstream to catch up. */
    static final int MAX_HELD = 64;

    private static final Logger LOG = LoggerFactory.getLogger(ReadOnlyFilter.class);
    private static final byte[] EXAMINE = "EXAMINE".getBytes(StandardCharsets.US_ASCII);

    private enum State {
        /** The first line of a command. */
        COMMAND,
        /** The line that goes on after a literal. */
        CONTINUATION,
        /** Literal octets: passed on, or dropped for a refused command. */
        LITERAL,
        /** A synchronizing literal of a command sent upstream: until the upstream asks for it or completes the command. */
        AWAIT_LITERAL,
        /** The upstream is idling: the next line must be DONE. */
        IDLING,
        /** Ended: everything is dropped. */
        STOPPED
    }

    private final CommandLedger ledger;
    private final String capabilities;
    private final int maxLine;
    private final List<ByteBuf> parts = new ArrayList<>();
    private ChannelHandlerContext ctx;
    private State state = State.COMMAND;
    private String tag;
    /** The answer to the command being dropped, null while the command goes upstream. */
    private String refusal;
    private long literalRemaining;
    private boolean passingLiteral;
    /** Octets of the current line already searched for its LF. */
    private int scanned;
    private int runStart = -1;
    private int runEnd;
    private boolean decoding;

    /**
     * @param capabilities what the client was told after login, the answer to {@code CAPABILITY}
     * @param maxLine      the bound on one line, literals excluded
     */
    ReadOnlyFilter(CommandLedger ledger, String capabilities, int maxLine) {
        this.ledger = ledger;
        this.capabilities = capabilities;
        this.maxLine = maxLine;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        decoding = true;
        try {
            while (step(in)) {
                // one line or one piece of literal per step
            }
            flushRun(in);
            if (parts.size() == 1) {
                out.add(parts.get(0));
            } else if (parts.size() > 1) {
                CompositeByteBuf joined = ctx.alloc().compositeBuffer(parts.size());
                joined.addComponents(true, parts);
                out.add(joined);
            }
        } finally {
            parts.clear();
            decoding = false;
        }
    }

    /** Handles what is buffered in the current state; false when more octets (or the upstream) are needed. */
    private boolean step(ByteBuf in) {
        switch (state) {
            case STOPPED:
                in.skipBytes(in.readableBytes());
                return false;
            case LITERAL:
                return literal(in);
            case AWAIT_LITERAL:
                return waiting(in);
            case COMMAND:
                if (ledger.heldCount() >= MAX_HELD) {
                    return waiting(in);
                }
                return line(in);
            default:
                return line(in);
        }
    }

    private boolean literal(ByteBuf in) {
        if (literalRemaining == 0) {
            state = State.CONTINUATION;
            return true;
        }
        int n = (int) Math.min(literalRemaining, in.readableBytes());
        if (n == 0) {
            return false;
        }
        if (passingLiteral) {
            pass(in, n);
        } else {
            drop(in, n);
        }
        literalRemaining -= n;
        return true;
    }

    /** Nothing is read while waiting; what the client sends meanwhile stays buffered, within the line bound. */
    private boolean waiting(ByteBuf in) {
        if (in.readableBytes() > maxLine) {
            fatal(in, BYE_TOO_MUCH_DATA);
        }
        return false;
    }

    private boolean line(ByteBuf in) {
        int start = in.readerIndex();
        int lf = in.indexOf(start + scanned, in.writerIndex(), (byte) '\n');
        if (lf < 0) {
            scanned = in.readableBytes();
            if (scanned > maxLine) {
                fatal(in, BYE_LINE_TOO_LONG);
            }
            return false;
        }
        scanned = 0;
        int length = lf - start + 1;
        if (length > maxLine) {
            fatal(in, BYE_LINE_TOO_LONG);
            return false;
        }
        LexedLine lexed = LexedLine.lex(in, start, lf);
        if (lexed.fatal()) {
            fatal(in, BYE_INVALID_LITERAL);
            return false;
        }
        switch (state) {
            case COMMAND -> firstLine(in, length, lexed);
            case CONTINUATION -> continuation(in, length, lexed);
            case IDLING -> idleLine(in, length, lexed);
            default -> throw new IllegalStateException("no line expected in state " + state);
        }
        return state != State.STOPPED;
    }

    private void firstLine(ByteBuf in, int length, LexedLine lexed) {
        int start = in.readerIndex();
        CommandHead head = CommandHead.parse(in, start, lexed.contentEnd());
        tag = head.tag();
        Verdict verdict = Verdict.REFUSE;
        String answer;
        if (lexed.error() != null || !head.isValid()) {
            answer = String.format(BAD_SYNTAX, head.replyTag());
        } else {
            verdict = ReadOnlyCommands.of(head.name(), head.uidCommand());
            answer = switch (verdict) {
                case REFUSE -> String.format(REFUSED, tag);
                case CAPABILITY -> String.format(CAPABILITY, capabilities, tag);
                case IDLE -> head.nameEnd() != lexed.contentEnd() ? String.format(BAD_SYNTAX, tag) : null;
                default -> lexed.hasLiteral() && lexed.nonSync() ? String.format(BAD_NON_SYNC_LITERAL, tag) : null;
            };
        }
        if (answer != null) {
            LOG.debug("read-only session: {} refused", verdict == Verdict.REFUSE && head.isValid() ? head.name() : "line");
            refusal = answer;
            drop(in, length);
            afterDroppedLine(lexed);
            return;
        }
        if (verdict == Verdict.EXAMINE) {
            pass(in, head.nameStart() - start);
            flushRun(in);
            parts.add(Unpooled.wrappedBuffer(EXAMINE));
            in.skipBytes(head.nameEnd() - head.nameStart());
            pass(in, start + length - in.readerIndex());
        } else {
            pass(in, length);
        }
        if (verdict == Verdict.IDLE) {
            ledger.idleSent(tag);
            state = State.IDLING;
            return;
        }
        ledger.sent(tag);
        afterPassedLine(lexed);
    }

    private void continuation(ByteBuf in, int length, LexedLine lexed) {
        if (refusal != null) {
            drop(in, length);
            afterDroppedLine(lexed);
            return;
        }
        if (lexed.error() != null || lexed.hasLiteral() && lexed.nonSync()) {
            fatal(in, BYE_BAD_CONTINUATION);
            return;
        }
        pass(in, length);
        afterPassedLine(lexed);
    }

    private void idleLine(ByteBuf in, int length, LexedLine lexed) {
        int start = in.readerIndex();
        boolean done = lexed.error() == null && !lexed.hasLiteral() && lexed.contentEnd() - start == 4
                && in.toString(start, 4, StandardCharsets.US_ASCII).equalsIgnoreCase("DONE");
        if (!done) {
            fatal(in, BYE_EXPECTED_DONE);
            return;
        }
        pass(in, length);
        ledger.idleDone();
        state = State.COMMAND;
    }

    /** A line of a command sent upstream went on: wait for its literal, or the command is complete. */
    private void afterPassedLine(LexedLine lexed) {
        if (lexed.hasLiteral()) {
            literalRemaining = lexed.literalSize();
            ledger.awaitLiteral();
            state = State.AWAIT_LITERAL;
        } else {
            state = State.COMMAND;
        }
    }

    /** A line of a refused command was dropped: drop its non-synchronizing literal, or answer now. */
    private void afterDroppedLine(LexedLine lexed) {
        if (lexed.hasLiteral() && lexed.nonSync()) {
            literalRemaining = lexed.literalSize();
            passingLiteral = false;
            state = State.LITERAL;
            return;
        }
        String answer = refusal;
        refusal = null;
        state = State.COMMAND;
        if (ledger.answerNowOrHold(answer)) {
            ctx.writeAndFlush(ascii(answer));
        }
    }

    /**
     * The upstream's replies moved on (called by {@link ReplyWatch} after each chunk it relayed):
     * write the answers now due, and go on if the filter was waiting for the upstream.
     */
    void ledgerMoved() {
        if (ctx == null || ctx.isRemoved()) {
            return;
        }
        List<String> due = ledger.takeDue();
        for (String answer : due) {
            ctx.write(ascii(answer));
        }
        if (!due.isEmpty()) {
            ctx.flush();
        }
        boolean resume = !due.isEmpty() && state == State.COMMAND;
        if (state == State.AWAIT_LITERAL) {
            switch (ledger.takeLiteralAnswer()) {
                case GRANTED -> {
                    passingLiteral = true;
                    state = State.LITERAL;
                    resume = true;
                }
                case REFUSED -> {
                    state = State.COMMAND; // the client sends no literal after a tagged reply: a new command follows
                    resume = true;
                }
                default -> {
                }
            }
        } else if (state == State.IDLING && ledger.takeIdleOver()) {
            state = State.COMMAND;
            resume = true;
        }
        if (resume && !decoding) {
            try {
                channelRead(ctx, Unpooled.EMPTY_BUFFER); // decodes what was buffered while waiting
                channelReadComplete(ctx); // and asks for more if nothing went on
            } catch (Exception e) {
                ctx.fireExceptionCaught(e);
            }
        }
    }

    private void pass(ByteBuf in, int n) {
        if (runStart < 0) {
            runStart = in.readerIndex();
        }
        in.skipBytes(n);
        runEnd = in.readerIndex();
    }

    private void drop(ByteBuf in, int n) {
        flushRun(in);
        in.skipBytes(n);
    }

    /** Ends the run of passed octets as one slice of what was read. */
    private void flushRun(ByteBuf in) {
        if (runStart >= 0) {
            parts.add(in.retainedSlice(runStart, runEnd - runStart));
            runStart = -1;
        }
    }

    private void fatal(ByteBuf in, String bye) {
        LOG.debug("read-only session ended: {}", bye.trim());
        flushRun(in);
        in.skipBytes(in.readableBytes());
        state = State.STOPPED;
        ctx.writeAndFlush(ascii(bye)).addListener(ChannelFutureListener.CLOSE);
    }

    private static ByteBuf ascii(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII);
    }
}
