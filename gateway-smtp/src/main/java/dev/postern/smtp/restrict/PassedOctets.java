package dev.postern.smtp.restrict;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandlerContext;
import java.util.ArrayList;
import java.util.List;

/**
 * What a filter lets through of one read: the buffer is consumed in steps, each passed on or dropped;
 * consecutive passed octets form one run, kept as a slice of the buffer (never copied), and the runs
 * go on as one message.
 *
 * <p>Confined to the session's one event loop: no field needs to be volatile.
 */
final class PassedOctets {

    private final List<ByteBuf> parts = new ArrayList<>();
    private int runStart = -1;
    private int runEnd;

    /** The next {@code n} octets of {@code in} go on. */
    void pass(ByteBuf in, int n) {
        if (n == 0) {
            return;
        }
        if (runStart < 0) {
            runStart = in.readerIndex();
        }
        in.skipBytes(n);
        runEnd = in.readerIndex();
    }

    /** The next {@code n} octets of {@code in} do not go on. */
    void drop(ByteBuf in, int n) {
        endRun(in);
        in.skipBytes(n);
    }

    /** Passes on what was let through of {@code in} (null when nothing is buffered), as one message; false if nothing was. */
    boolean emit(ChannelHandlerContext ctx, ByteBuf in) {
        if (in != null) {
            endRun(in);
        }
        if (parts.isEmpty()) {
            return false;
        }
        ByteBuf out;
        if (parts.size() == 1) {
            out = parts.get(0);
        } else {
            CompositeByteBuf joined = ctx.alloc().compositeBuffer(parts.size());
            joined.addComponents(true, parts);
            out = joined;
        }
        parts.clear();
        ctx.fireChannelRead(out);
        return true;
    }

    /** Forgets what was let through and not yet passed on (the session is ending). */
    void discard() {
        runStart = -1;
        parts.forEach(ByteBuf::release);
        parts.clear();
    }

    private void endRun(ByteBuf in) {
        if (runStart >= 0) {
            parts.add(in.retainedSlice(runStart, runEnd - runStart));
            runStart = -1;
        }
    }
}
