package dev.postern.core.testing;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledHeapByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * A heap allocator that remembers every buffer it hands out, so a test can check that all of
 * them were released without waiting for the garbage collector (as {@link LeakGuard} must).
 * Fuzz targets install it on an {@code EmbeddedChannel} and call {@link #assertAllReleased()}
 * after {@code finishAndReleaseAll()}. Not thread-safe: one channel, one thread.
 */
public final class TrackingAllocator extends AbstractByteBufAllocator {

    private final List<ByteBuf> handedOut = new ArrayList<>();

    public TrackingAllocator() {
        super(false);
    }

    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
        return track(new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity));
    }

    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
        return newHeapBuffer(initialCapacity, maxCapacity);
    }

    @Override
    public boolean isDirectBufferPooled() {
        return false;
    }

    /** Also tracks a buffer made elsewhere, e.g. a chunk the test writes into the channel. */
    public ByteBuf track(ByteBuf buffer) {
        handedOut.add(buffer);
        return buffer;
    }

    /** How many buffers were handed out or tracked so far. */
    public int count() {
        return handedOut.size();
    }

    /** Fails when a buffer handed out or tracked is still referenced. */
    public void assertAllReleased() {
        for (int i = 0; i < handedOut.size(); i++) {
            int refCnt = handedOut.get(i).refCnt();
            if (refCnt != 0) {
                throw new AssertionError("buffer " + i + " of " + handedOut.size() + " still has refCnt " + refCnt
                        + " (expected: 0, released)");
            }
        }
    }
}
