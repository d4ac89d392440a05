package dev.postern.core.ingress;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.postern.core.net.AddressGroups;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Admission of client connections, shared by every listener: a global cap on open connections, a
 * cap per source (IPv4 address, IPv6 /64) and a per-source rate of new connections (token bucket).
 * {@link #admit} takes a slot or says why not; {@link #release} gives it back. The pipeline side is
 * {@link ConnectionGate}.
 *
 * <p>Open counts per source live in a map holding only sources with open connections (so at most
 * {@code maxConnections} entries); rate buckets live in a Caffeine cache bounded by size and expiring
 * once a bucket would be full again.
 */
public final class ConnectionLimiter {

    /** The outcome of {@link #admit}. */
    public enum Verdict { ADMITTED, TOO_MANY_CONNECTIONS, TOO_MANY_FROM_SOURCE, TOO_FAST_FROM_SOURCE }

    private static final long MINUTE_NANOS = Duration.ofMinutes(1).toNanos();

    private final LimitSettings settings;
    private final Ticker ticker;
    private final AtomicInteger open = new AtomicInteger();
    private final ConcurrentHashMap<String, Integer> openPerSource = new ConcurrentHashMap<>();
    private final Cache<String, Bucket> buckets;

    public ConnectionLimiter(LimitSettings settings, Ticker ticker) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.buckets = Caffeine.newBuilder()
                .maximumSize(settings.maxTracked())
                .expireAfterAccess(Duration.ofMinutes(1))
                .ticker(ticker)
                .executor(Runnable::run)
                .build();
    }

    /** Takes a slot for a connection from {@code client}; on anything but ADMITTED nothing was taken. */
    public Verdict admit(InetAddress client) {
        if (open.incrementAndGet() > settings.maxConnections()) {
            open.decrementAndGet();
            return Verdict.TOO_MANY_CONNECTIONS;
        }
        if (settings.trusted().contains(client)) {
            return Verdict.ADMITTED;
        }
        String source = AddressGroups.of(client);
        if (!takeToken(source)) {
            open.decrementAndGet();
            return Verdict.TOO_FAST_FROM_SOURCE;
        }
        boolean[] over = new boolean[1];
        openPerSource.compute(source, (key, count) -> {
            int now = count == null ? 0 : count;
            if (now >= settings.maxConnectionsPerIp()) {
                over[0] = true;
                return count;
            }
            return now + 1;
        });
        if (over[0]) {
            open.decrementAndGet();
            return Verdict.TOO_MANY_FROM_SOURCE;
        }
        return Verdict.ADMITTED;
    }

    /** Gives back the slot an admitted connection from {@code client} took. */
    public void release(InetAddress client) {
        open.decrementAndGet();
        if (!settings.trusted().contains(client)) {
            openPerSource.computeIfPresent(AddressGroups.of(client), (key, count) -> count <= 1 ? null : count - 1);
        }
    }

    /** Open connections now, every listener together. */
    public int open() {
        return open.get();
    }

    /** Sources with open connections now (at most {@code maxConnections}). */
    int sourcesWithOpenConnections() {
        return openPerSource.size();
    }

    /** Sources whose rate is remembered now (bounded by {@code maxTracked}). */
    long trackedRates() {
        buckets.cleanUp();
        return buckets.estimatedSize();
    }

    private boolean takeToken(String source) {
        long now = ticker.read();
        Bucket bucket = buckets.get(source, key -> new Bucket(settings.connectionsPerMinute(), now));
        synchronized (bucket) {
            return bucket.take(now, settings.connectionsPerMinute());
        }
    }

    /** Tokens of one source, refilled evenly: {@code capacity} per minute, never above {@code capacity}. */
    private static final class Bucket {
        private double tokens;
        private long updated;

        Bucket(int capacity, long now) {
            this.tokens = capacity;
            this.updated = now;
        }

        boolean take(long now, int capacity) {
            tokens = Math.min(capacity, tokens + (double) (now - updated) * capacity / MINUTE_NANOS);
            updated = now;
            if (tokens < 1) {
                return false;
            }
            tokens -= 1;
            return true;
        }
    }
}
