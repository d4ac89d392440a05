package dev.postern.smtp.restrict;

import static dev.postern.smtp.restrict.SubmitReplies.*;

import dev.postern.smtp.codec.SmtpLineDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client side of a session with limits on sending, ahead of the relay stage: reads the client's
 * commands ({@link SubmitCommand}) and passes them on, except a {@code MAIL FROM} whose reverse-path
 * the app password may not use ({@code 550 5.7.1}) or that is past its daily quota ({@code 452 4.7.1}),
 * and the few commands Postern cannot follow; those are answered by Postern in their place among the
 * replies ({@link ReplyLedger}) and never reach the upstream. Commands the client pipelined behind a
 * refused {@code MAIL FROM} go on as usual: the upstream, which has no transaction, refuses them itself.
 *
 * <p><b>Framing, exactly as the upstream's.</b> After {@code DATA} nothing more is read until the
 * upstream has answered it: {@code 354} opens a body, anything else means the next octets are commands
 * again. A body is passed on as it comes, followed by a {@link BodyScanner} to its end, and ends the
 * session at a dot line with a bare CR or LF (SMTP smuggling). {@code BDAT n [LAST]} passes the next
 * {@code n} octets untouched, and only when the upstream offered CHUNKING (otherwise Postern refuses it
 * and drops the chunk). A line ends at every LF (CRLF or bare LF, as Postfix reads it); a line with a NUL
 * or a bare CR is refused.
 *
 * <p><b>Bounded, never whole.</b> One command line is buffered until its LF, at most {@code maxLine}
 * octets; a longer line is dropped whole and answered {@code 500}. Bodies and chunks pass as slices of
 * what was read, one message per read. While Postern waits (for the reply to DATA, for the quota, for the
 * upstream to catch up) it reads nothing more; what arrived already stays buffered, up to
 * {@value #MAX_WAITING} octets.
 *
 * <p><b>Quota.</b> With a daily quota, an allowed {@code MAIL FROM} waits for the messages still awaiting
 * the upstream's verdict in this session (so each is counted before the next is asked about), then for
 * the quota's answer, which arrives on another thread and is taken back to the session's event loop;
 * everything after it waits too, in order.
 *
 * <p>Confined to the session's one event loop: no field needs to be volatile.
 */
final class SubmitFilter extends ChannelInboundHandlerAdapter {

    /** The line bound: the pre-login decoder's, RFC 4954's longest AUTH line. */
    static final int MAX_LINE = SmtpLineDecoder.DEFAULT_MAX_LINE_LENGTH;
    /** Most octets buffered while Postern waits; more ends the session. */
    static final int MAX_WAITING = 1 << 20;

    private static final Logger LOG = LoggerFactory.getLogger(SubmitFilter.class);

    private enum State {
        /** A command line. */
        COMMAND,
        /** The rest of an over-long line, dropped up to its LF. */
        DISCARD_LINE,
        /** DATA went upstream: nothing is read until its reply. */
        AWAIT_DATA_REPLY,
        /** A message body after 354, to its end. */
        BODY,
        /** A BDAT chunk passed on. */
        CHUNK,
        /** A BDAT chunk dropped (CHUNKING not offered). */
        SKIP_CHUNK,
        /** An allowed MAIL FROM (held at the head of the buffer) waits for messages in flight. */
        AWAIT_MESSAGES,
        /** An allowed MAIL FROM waits for the quota's answer. */
        AWAIT_QUOTA,
        /** The quota answered for the held MAIL FROM. */
        QUOTA_ANSWERED,
        /** Ended: everything is dropped. */
        STOPPED
    }

    private final ReplyLedger ledger;
    private final Senders senders;
    private final QuotaGate quota;
    private final boolean chunking;
    private final int maxLine;
    private final BodyScanner body = new BodyScanner();
    private final PassedOctets passed = new PassedOctets();
    private ChannelHandlerContext ctx;
    private ByteBuf buffered;
    private State state = State.COMMAND;
    /** Octets at the head of the buffer already searched (for a line's LF) or scanned (in a body). */
    private int scanned;
    private long chunkLeft;
    private int mailLength;
    private QuotaGate.Answer quotaAnswer;
    private boolean processing;
    /** Reading stopped while waiting: the next step that ends the wait resumes it. */
    private boolean stalled;

    /**
     * @param chunking whether the upstream offered CHUNKING (BDAT passes only then)
     * @param maxLine  the bound on one command line, line ending included
     */
    SubmitFilter(ReplyLedger ledger, Senders senders, QuotaGate quota, boolean chunking, int maxLine) {
        this.ledger = ledger;
        this.senders = senders;
        this.quota = quota;
        this.chunking = chunking;
        this.maxLine = maxLine;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        state = State.STOPPED;
        if (buffered != null) {
            buffered.release();
            buffered = null;
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (state == State.STOPPED) {
            in.release();
            return;
        }
        buffered = buffered == null ? in : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), buffered, in);
        if (waiting() && buffered.readableBytes() > MAX_WAITING) {
            fatal(CLOSING_TOO_MUCH_DATA);
            return;
        }
        process();
    }

    /**
     * The upstream's replies moved on (called by {@link ReplyWatch} after each reply that makes an answer
     * due, and after each chunk): writes the answers now due, follows the reply to DATA, and goes on if
     * the filter was waiting for the upstream.
     */
    void ledgerMoved() {
        if (ctx == null || ctx.isRemoved() || state == State.STOPPED) {
            return;
        }
        List<String> due = ledger.takeDue();
        for (String answer : due) {
            ctx.write(ascii(answer));
        }
        if (!due.isEmpty()) {
            ctx.flush();
        }
        if (state == State.AWAIT_DATA_REPLY) {
            int code = ledger.takeDataReply();
            if (code == 354) {
                body.reset();
                state = State.BODY;
            } else if (code != 0) {
                state = State.COMMAND; // no body: the client's next octets are commands, as the upstream reads them
            }
        }
        resumeIfStalled();
    }

    private void resumeIfStalled() {
        if (stalled && !waiting() && !processing) {
            stalled = false;
            process();
        }
    }

    /** Whether Postern waits for something other than the client. */
    private boolean waiting() {
        return switch (state) {
            case AWAIT_DATA_REPLY, AWAIT_QUOTA -> true;
            case AWAIT_MESSAGES -> ledger.messagesInFlight();
            case COMMAND -> ledger.full();
            default -> false;
        };
    }

    private void process() {
        if (processing || state == State.STOPPED) {
            return;
        }
        processing = true;
        boolean fired;
        try {
            while (buffered != null && step(buffered)) {
                // one line, one piece of body or chunk, or one decision per step
            }
            fired = passed.emit(ctx, buffered);
            if (buffered != null && !buffered.isReadable()) {
                buffered.release();
                buffered = null;
            }
        } finally {
            processing = false;
        }
        if (state == State.STOPPED) {
            return;
        }
        if (waiting()) {
            stalled = true; // no read until the wait ends
        } else if (!fired) {
            ctx.read(); // nothing went on, so the relay will not ask for more: ask now
        }
    }

    /** Handles what is buffered in the current state; false when more octets (or an answer) are needed. */
    private boolean step(ByteBuf in) {
        return switch (state) {
            case COMMAND -> !ledger.full() && line(in);
            case DISCARD_LINE -> discardLine(in);
            case BODY -> body(in);
            case CHUNK, SKIP_CHUNK -> chunk(in);
            case AWAIT_MESSAGES -> askQuota();
            case QUOTA_ANSWERED -> decideMail(in);
            case STOPPED -> {
                in.skipBytes(in.readableBytes());
                yield false;
            }
            default -> false;
        };
    }

    private boolean line(ByteBuf in) {
        int start = in.readerIndex();
        int readable = in.readableBytes();
        int window = Math.min(readable, maxLine);
        int lf = scanned < window ? in.indexOf(start + scanned, start + window, (byte) '\n') : -1;
        if (lf < 0) {
            if (readable >= maxLine) {
                drop(in, window); // the rest of the line, up to its LF, is dropped as it comes
                scanned = 0;
                state = State.DISCARD_LINE;
                answer(LINE_TOO_LONG);
                return true;
            }
            scanned = window;
            return false;
        }
        scanned = 0;
        int length = lf + 1 - start;
        boolean crlf = lf > start && in.getByte(lf - 1) == '\r';
        String text = in.toString(start, (crlf ? lf - 1 : lf) - start, StandardCharsets.ISO_8859_1);
        SubmitCommand command = SubmitCommand.parse(text, crlf);
        switch (command.kind()) {
            case OTHER -> {
                pass(in, length);
                ledger.sent(ReplyLedger.Kind.COMMAND);
            }
            case DATA -> {
                pass(in, length);
                ledger.sent(ReplyLedger.Kind.DATA);
                state = State.AWAIT_DATA_REPLY;
            }
            case CHUNK -> chunkCommand(in, length, command);
            case MAIL -> mail(in, length, command.address());
            case MAIL_SYNTAX -> refuse(in, length, MAIL_SYNTAX);
            case CHUNK_SYNTAX -> refuse(in, length, CHUNK_SYNTAX);
            case NOT_ALLOWED -> refuse(in, length, NOT_ALLOWED);
            case MALFORMED -> refuse(in, length, MALFORMED);
            case CHUNK_TOO_LARGE -> fatal(CLOSING_CHUNK_TOO_LARGE);
            default -> throw new IllegalStateException("unhandled command kind " + command.kind());
        }
        return state != State.STOPPED;
    }

    private void chunkCommand(ByteBuf in, int length, SubmitCommand command) {
        chunkLeft = command.chunkSize();
        if (chunking) {
            pass(in, length);
            ledger.sent(command.last() ? ReplyLedger.Kind.LAST_CHUNK : ReplyLedger.Kind.COMMAND);
            state = State.CHUNK;
        } else {
            refuse(in, length, CHUNKING_NOT_OFFERED);
            state = State.SKIP_CHUNK;
        }
    }

    private void mail(ByteBuf in, int length, String address) {
        if (!senders.allows(address)) {
            LOG.debug("MAIL FROM refused: the app password may not send as that address");
            refuse(in, length, senderRefused(address));
        } else if (quota.limited()) {
            mailLength = length; // stays at the head of the buffer until the quota has answered
            state = State.AWAIT_MESSAGES;
        } else {
            pass(in, length);
            ledger.sent(ReplyLedger.Kind.COMMAND);
        }
    }

    private boolean askQuota() {
        if (ledger.messagesInFlight()) {
            return false;
        }
        state = State.AWAIT_QUOTA;
        CompletableFuture<QuotaGate.Answer> answer = quota.ask();
        if (answer.isDone()) {
            quotaAnswer = answer.join(); // never exceptional
            state = State.QUOTA_ANSWERED;
            return true;
        }
        ChannelHandlerContext context = ctx;
        answer.thenAccept(result -> {
            try {
                context.executor().execute(() -> onQuotaAnswer(result));
            } catch (RejectedExecutionException e) {
                LOG.debug("quota answer after the session's event loop stopped: {}", e.toString());
            }
        });
        return false;
    }

    /** On the session's event loop: the quota answered; the session may have ended meanwhile. */
    private void onQuotaAnswer(QuotaGate.Answer answer) {
        if (state != State.AWAIT_QUOTA || ctx.isRemoved()) {
            return;
        }
        quotaAnswer = answer;
        state = State.QUOTA_ANSWERED;
        stalled = false;
        process();
    }

    private boolean decideMail(ByteBuf in) {
        switch (quotaAnswer) {
            case ALLOW -> {
                pass(in, mailLength);
                ledger.sent(ReplyLedger.Kind.COMMAND);
            }
            case REFUSE -> {
                LOG.debug("MAIL FROM refused: daily message quota reached");
                refuse(in, mailLength, QUOTA_REACHED);
            }
            default -> {
                LOG.debug("MAIL FROM refused: the message quota could not be read");
                refuse(in, mailLength, QUOTA_UNAVAILABLE);
            }
        }
        state = State.COMMAND;
        return true;
    }

    private boolean discardLine(ByteBuf in) {
        int lf = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
        if (lf < 0) {
            drop(in, in.readableBytes());
            return false;
        }
        drop(in, lf + 1 - in.readerIndex());
        state = State.COMMAND;
        return true;
    }

    private boolean body(ByteBuf in) {
        int from = in.readerIndex() + scanned;
        int end = in.writerIndex();
        if (from >= end) {
            return false;
        }
        int stop = in.forEachByte(from, end - from, body);
        if (stop < 0) {
            int seen = end - in.readerIndex();
            int passable = seen - body.pending();
            pass(in, passable);
            scanned = seen - passable;
            return false;
        }
        if (body.verdict() == BodyScanner.Verdict.END) {
            pass(in, stop + 1 - in.readerIndex());
            scanned = 0;
            ledger.sent(ReplyLedger.Kind.MESSAGE_END);
            state = State.COMMAND;
            return true;
        }
        LOG.info("session ended: a dot line with a bare CR or LF in a message body (SMTP smuggling)");
        fatal(CLOSING_SMUGGLING);
        return false;
    }

    private boolean chunk(ByteBuf in) {
        if (chunkLeft == 0) {
            state = State.COMMAND;
            return true;
        }
        int n = (int) Math.min(chunkLeft, in.readableBytes());
        if (n == 0) {
            return false;
        }
        if (state == State.CHUNK) {
            pass(in, n);
        } else {
            drop(in, n);
        }
        chunkLeft -= n;
        return true;
    }

    /** Drops a command line and answers it in its place among the replies. */
    private void refuse(ByteBuf in, int length, String answer) {
        drop(in, length);
        answer(answer);
    }

    private void answer(String answer) {
        if (ledger.answerNowOrHold(answer)) {
            ctx.writeAndFlush(ascii(answer));
        }
    }

    private void pass(ByteBuf in, int n) {
        passed.pass(in, n);
    }

    private void drop(ByteBuf in, int n) {
        passed.drop(in, n);
    }

    private void fatal(String reply) {
        passed.discard();
        if (buffered != null) {
            buffered.release();
            buffered = null;
        }
        state = State.STOPPED;
        ctx.writeAndFlush(ascii(reply)).addListener(ChannelFutureListener.CLOSE);
    }

    private static ByteBuf ascii(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII);
    }
}
