package dev.postern.core.testing;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

/** A clock for tests that moves only when told to: both a Caffeine {@link Ticker} and an {@link InstantSource}. */
public final class FakeClock implements Ticker, InstantSource {

    private final Instant start;
    private final AtomicLong nanos = new AtomicLong();

    public FakeClock(Instant start) {
        this.start = start;
    }

    public FakeClock() {
        this(Instant.parse("2026-01-01T00:00:00Z"));
    }

    public void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }

    @Override
    public long read() {
        return nanos.get();
    }

    @Override
    public Instant instant() {
        return start.plusNanos(nanos.get());
    }
}
