package dev.postern.smtp.restrict;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ByteProcessor;

/**
 * The upstream side of a session with limits on sending: passes every octet on to the relay
 * untouched, and on the way counts completed replies for the {@link ReplyLedger} (a reply ends with a
 * line whose fourth octet is not {@code -}; the code is its first three digits). Each reply tells the
 * ledger what was answered: the reply to DATA lets the filter go on, a 2xx to the end of a message is
 * a message accepted ({@code messageAccepted}).
 *
 * <p>When a reply completes behind which one of Postern's own answers is due, the chunk is passed on in
 * two slices, and the filter writes its answer between them: the client hears every reply in the
 * order of its commands. Only the first four octets of each line are looked at; nothing is copied.
 *
 * <p>Confined to the session's one event loop: no field needs to be volatile.
 */
final class ReplyWatch extends ChannelInboundHandlerAdapter implements ByteProcessor {

    private final ReplyLedger ledger;
    private final SubmitFilter filter;
    private final Runnable messageAccepted;
    /** Octets of the current reply line seen, counted up to 4. */
    private int column;
    private int code;
    private boolean continued;

    /** @param messageAccepted run for each message the upstream accepted (counts it against the quota) */
    ReplyWatch(ReplyLedger ledger, SubmitFilter filter, Runnable messageAccepted) {
        this.ledger = ledger;
        this.filter = filter;
        this.messageAccepted = messageAccepted;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf buf)) {
            ctx.fireChannelRead(msg);
            return;
        }
        int start = buf.readerIndex();
        int end = buf.writerIndex();
        int from = start;
        while (from < end) {
            int stop = buf.forEachByte(from, end - from, this);
            if (stop < 0) {
                break;
            }
            // an answer of Postern's is due right after this reply: pass the reply, then the answer
            ctx.fireChannelRead(buf.retainedSlice(from, stop + 1 - from));
            filter.ledgerMoved();
            from = stop + 1;
        }
        if (from == start) {
            ctx.fireChannelRead(buf);
        } else {
            if (from < end) {
                ctx.fireChannelRead(buf.retainedSlice(from, end - from));
            }
            buf.release();
        }
        filter.ledgerMoved();
    }

    /** One octet of the upstream's replies; false right after a reply behind which an answer is due. */
    @Override
    public boolean process(byte b) {
        if (b == '\n') {
            boolean complete = !continued;
            int replyCode = column >= 3 ? code : 0;
            column = 0;
            code = 0;
            continued = false;
            return !complete || !replied(replyCode);
        }
        if (column < 3) {
            code = b >= '0' && b <= '9' && code >= 0 ? code * 10 + (b - '0') : -1;
        } else if (column == 3) {
            continued = b == '-';
        }
        if (column < 4) {
            column++;
        }
        return true;
    }

    /** A reply completed; true if one of Postern's answers is due right after it. */
    private boolean replied(int replyCode) {
        int known = Math.max(replyCode, 0);
        ReplyLedger.Kind kind = ledger.answered(known);
        if (kind != null && kind.endsMessage() && known >= 200 && known < 300) {
            messageAccepted.run();
        }
        return ledger.answerDue();
    }
}
