package dev.postern.core.usage;

import dev.postern.core.observe.LoginWatch;
import dev.postern.core.store.Activity;
import dev.postern.core.store.CredentialStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each login decided for a known user into their activity ({@code store.activity-retention}),
 * off the event loop, by group commit: the first line starts one write on the store pool, and every
 * line that arrives while it is queued or running goes into the next one, one transaction each. At
 * most {@value #MAX_WAITING} lines wait; beyond that (a store that cannot keep up, or is down) lines
 * are dropped and counted in the log. Lines older than the retention are deleted at most once per
 * {@link #PRUNE_EVERY}, by the write that finds it due.
 */
public final class ActivityRecorder implements LoginWatch {

    static final int MAX_WAITING = 10_000;
    static final int MAX_BATCH = 1_000;
    static final Duration PRUNE_EVERY = Duration.ofHours(1);
    private static final Logger LOG = LoggerFactory.getLogger(ActivityRecorder.class);

    private final CredentialStore store;
    private final Executor storePool;
    private final InstantSource clock;
    private final Duration retention;
    private final ConcurrentLinkedQueue<Activity> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();
    private final AtomicBoolean writeQueued = new AtomicBoolean();
    private volatile Instant nextPrune = Instant.MIN;

    public ActivityRecorder(CredentialStore store, Executor storePool, InstantSource clock, Duration retention) {
        this.store = Objects.requireNonNull(store, "store");
        this.storePool = Objects.requireNonNull(storePool, "storePool");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.retention = Objects.requireNonNull(retention, "retention");
    }

    @Override
    public void attempted(Activity line) {
        if (size.incrementAndGet() > MAX_WAITING) {
            size.decrementAndGet();
            dropped.incrementAndGet();
        } else {
            waiting.add(line);
        }
        startWrite();
    }

    private void startWrite() {
        if (!writeQueued.compareAndSet(false, true)) {
            return; // the queued or running write, or the one it starts when done, takes this line along
        }
        try {
            storePool.execute(this::write);
        } catch (RejectedExecutionException e) {
            writeQueued.set(false);
            LOG.debug("store pool full; {} line(s) of activity wait for the next write", size.get());
        }
    }

    private void write() {
        List<Activity> batch = new ArrayList<>();
        Activity line;
        while (batch.size() < MAX_BATCH && (line = waiting.poll()) != null) {
            size.decrementAndGet();
            batch.add(line);
        }
        try {
            store.recordActivity(batch);
            pruneIfDue();
        } catch (RuntimeException e) {
            LOG.warn("{} line(s) of the users' activity could not be written: {}", batch.size(), e.getMessage());
        } finally {
            int lost = dropped.getAndSet(0);
            if (lost > 0) {
                LOG.warn("{} line(s) of the users' activity were dropped: more than {} waited for the store", lost,
                        MAX_WAITING);
            }
            writeQueued.set(false);
            if (!waiting.isEmpty()) {
                startWrite();
            }
        }
    }

    private void pruneIfDue() {
        Instant now = clock.instant();
        if (now.isBefore(nextPrune)) {
            return;
        }
        nextPrune = now.plus(PRUNE_EVERY);
        int pruned = store.pruneActivity(now.minus(retention));
        if (pruned > 0) {
            LOG.debug("dropped {} line(s) of activity older than {}", pruned, retention);
        }
    }
}
