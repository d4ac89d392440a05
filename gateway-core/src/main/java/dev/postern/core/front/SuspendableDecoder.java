package dev.postern.core.front;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

/**
 * The suspend/resume half of a pre-auth decoder, the same for IMAP, SMTP and POP3. While suspended (a
 * login is being checked) the subclass's {@code decode} must consume nothing and call
 * {@link #markOverflowing()} once the buffered bytes pass its bound (then drop them and stop for good);
 * {@link #resume()} decodes what was buffered at once, or, after an overflow, emits the protocol's
 * fatal {@link #overflowMessage()}. Removing the decoder while suspended re-fires the buffered bytes to
 * the next handler, which is how bytes pipelined behind a login reach the upstream after the hand-off.
 *
 * <p>Confined to the channel's event loop: no field needs to be volatile.
 */
public abstract class SuspendableDecoder extends ByteToMessageDecoder implements PreAuthDecoder {

    private ChannelHandlerContext ctx;
    private boolean suspended;
    private boolean overflowing;
    private boolean overflowReported;
    private boolean reading;
    private boolean drainRequested;

    /** Drops every buffered byte and any partial command (after STARTTLS: CVE-2011-0411). */
    public abstract void discardBuffered();

    /** Stops emitting until {@link #resume()}; received bytes stay buffered (bounded by the subclass). */
    @Override
    public final void suspend() {
        suspended = true;
    }

    /** Emits again, starting with whatever was buffered while suspended. */
    @Override
    public final void resume() {
        suspended = false;
        if (reading) {
            drainRequested = true; // channelRead finishes the job once the current pass is over
        } else if (ctx != null && !ctx.isRemoved() && drain()) {
            ctx.fireChannelReadComplete();
        }
    }

    /** Whether more than the bound arrived while suspended (the decoder has then stopped). */
    @Override
    public final boolean isOverflowing() {
        return overflowing;
    }

    protected final boolean isSuspended() {
        return suspended;
    }

    /** Called by {@code decode} when the bytes buffered while suspended passed the bound. */
    protected final void markOverflowing() {
        overflowing = true;
    }

    /** The fatal value emitted at {@link #resume()} after an overflow. */
    protected abstract Object overflowMessage();

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        reading = true;
        try {
            super.channelRead(ctx, msg);
            while (drainRequested && !ctx.isRemoved()) {
                drain();
            }
        } finally {
            reading = false;
        }
    }

    /** Emits what became due while suspended; returns whether there was anything to do. */
    private boolean drain() {
        drainRequested = false;
        if (overflowing && !overflowReported) {
            overflowReported = true;
            ctx.fireChannelRead(overflowMessage());
            return true;
        }
        if (suspended || !internalBuffer().isReadable()) {
            return false;
        }
        try {
            super.channelRead(ctx, Unpooled.EMPTY_BUFFER); // decodes the cumulation as if more bytes had come
        } catch (Exception e) {
            ctx.fireExceptionCaught(e);
        }
        return true;
    }
}
