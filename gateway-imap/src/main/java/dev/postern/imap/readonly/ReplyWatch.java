package dev.postern.imap.readonly;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ByteProcessor;
import java.nio.charset.StandardCharsets;

/**
 * The upstream side of a read-only session: passes every chunk on to the relay untouched, and on
 * the way notes what the {@link CommandLedger} needs, the start of each reply line: a tagged reply
 * (a command completed) or a continuation request ({@code +}). It follows the upstream's literals
 * ({@code {n}} at a line's end): their octets are skipped by count, not looked at, so a message body
 * fetched costs nothing; only the text between literals is scanned, one pass without copying.
 * Once the chunk has gone to the relay (and so to the client), the ledger's due answers follow it.
 *
 * <p>Confined to the session's one event loop: no field needs to be volatile.
 */
final class ReplyWatch extends ChannelInboundHandlerAdapter implements ByteProcessor {

    private enum Brace { NONE, OPEN, DIGITS, CLOSED }

    private final CommandLedger ledger;
    private final ReadOnlyFilter filter;
    private final byte[] tag = new byte[CommandHead.MAX_TAG];
    private long literalRemaining;
    private boolean lineStart = true;
    /** Collecting the tag at the start of a tagged reply line. */
    private boolean inTag;
    private int tagLength;
    private Brace brace = Brace.NONE;
    private long braceSize;

    ReplyWatch(CommandLedger ledger, ReadOnlyFilter filter) {
        this.ledger = ledger;
        this.filter = filter;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf) {
            scan(buf);
        }
        ctx.fireChannelRead(msg);
        filter.ledgerMoved();
    }

    private void scan(ByteBuf buf) {
        int i = buf.readerIndex();
        int end = buf.writerIndex();
        while (i < end) {
            if (literalRemaining > 0) {
                int skip = (int) Math.min(literalRemaining, end - i);
                literalRemaining -= skip;
                i += skip;
                continue;
            }
            int stoppedAt = buf.forEachByte(i, end - i, this);
            if (stoppedAt < 0) {
                return;
            }
            i = stoppedAt + 1; // a literal starts after this LF
        }
    }

    /** One octet of reply text (not of a literal); false right after a line that announces a literal. */
    @Override
    public boolean process(byte b) {
        if (lineStart) {
            lineStart = false;
            inTag = false;
            if (b == '+') {
                ledger.continuationRequested();
            } else if (b != '*' && b != '\r' && b != '\n') {
                inTag = true;
                tagLength = 0;
            }
        }
        if (inTag) {
            if (b == ' ') {
                inTag = false;
                ledger.completed(new String(tag, 0, tagLength, StandardCharsets.US_ASCII));
            } else if (tagLength < tag.length && b != '\r' && b != '\n') {
                tag[tagLength++] = b;
            } else {
                inTag = false;
            }
        }
        switch (b) {
            case '{' -> {
                brace = Brace.OPEN;
                braceSize = 0;
            }
            case '}' -> brace = brace == Brace.DIGITS ? Brace.CLOSED : Brace.NONE;
            case '\r' -> {
                if (brace != Brace.CLOSED) {
                    brace = Brace.NONE;
                }
            }
            case '\n' -> {
                boolean literal = brace == Brace.CLOSED;
                brace = Brace.NONE;
                if (literal && braceSize > 0) {
                    literalRemaining = braceSize;
                    return false;
                }
                lineStart = !literal; // "{0}": the reply line goes on at once
            }
            default -> {
                if (b >= '0' && b <= '9' && (brace == Brace.OPEN || brace == Brace.DIGITS) && braceSize < (1L << 40)) {
                    brace = Brace.DIGITS;
                    braceSize = braceSize * 10 + (b - '0');
                } else {
                    brace = Brace.NONE;
                }
            }
        }
        return true;
    }
}
