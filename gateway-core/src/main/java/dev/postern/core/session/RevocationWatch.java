package dev.postern.core.session;

import dev.postern.core.store.AppPasswordState;
import dev.postern.core.store.StoreRevision;
import dev.postern.core.store.StoreUnavailableException;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the {@link SessionRegistry} true to the store, on one thread of its own (never an event loop):
 * <ul>
 * <li>a change made in this process ({@code AccountChanges}) re-reads the app passwords of that
 *     user's live sessions at once ({@link #userChanged});</li>
 * <li>every {@link #PERIOD} it asks the {@link StoreRevision} whether anything was committed since
 *     (the command line next to the gateway); if so it re-reads every live session's app password in
 *     one batched query, otherwise only those of sessions registered since the last read;</li>
 * <li>and in the same sweep it ends the sessions whose app password's expiry, as last read, has passed.</li>
 * </ul>
 * Users whose sessions it ended are told to {@code forgetUser} (the verifier's cache). One sweep costs
 * one {@code PRAGMA data_version} and at most one query; no session has a timer of its own.
 */
public final class RevocationWatch implements AutoCloseable {

    /** How often the store is asked whether it changed; a change made elsewhere is seen within this. */
    public static final Duration PERIOD = Duration.ofMillis(250);
    private static final Logger LOG = LoggerFactory.getLogger(RevocationWatch.class);

    private final SessionRegistry registry;
    private final Function<Collection<String>, Map<String, AppPasswordState>> states;
    private final StoreRevision revision;
    private final Consumer<String> forgetUser;
    private final Runnable storeChanged;
    private ScheduledExecutorService thread;
    /** Confined to the watch's thread (or a test's). */
    private boolean seen;
    private long lastRevision;
    private boolean storeTrouble;

    /**
     * @param states     the store's batched state query ({@code CredentialStore::states})
     * @param forgetUser told each user whose sessions were ended
     * @param storeChanged told whenever the store's revision moved (a change made anywhere: the
     *                     verifier then reads users' states afresh, so a revoked app password is
     *                     refused to new logins within one period too)
     */
    public RevocationWatch(SessionRegistry registry, Function<Collection<String>, Map<String, AppPasswordState>> states,
                           StoreRevision revision, Consumer<String> forgetUser, Runnable storeChanged) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.states = Objects.requireNonNull(states, "states");
        this.revision = Objects.requireNonNull(revision, "revision");
        this.forgetUser = Objects.requireNonNull(forgetUser, "forgetUser");
        this.storeChanged = Objects.requireNonNull(storeChanged, "storeChanged");
    }

    /** Starts the sweep every {@code period} on a daemon thread of its own. */
    public synchronized void start(Duration period) {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        thread = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread watch = new Thread(task, "postern-revocation-watch");
            watch.setDaemon(true);
            return watch;
        });
        thread.scheduleWithFixedDelay(this::sweepQuietly, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The account of {@code user} changed in this process: re-read their sessions' app passwords now. */
    public void userChanged(String user) {
        ScheduledExecutorService running;
        synchronized (this) {
            running = thread;
        }
        if (running == null) {
            return;
        }
        try {
            running.execute(() -> {
                try {
                    check(registry.appPasswordIdsOf(user));
                } catch (RuntimeException e) {
                    LOG.warn("could not re-read the app passwords of {}'s sessions: {}", user, e.toString());
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("revocation watch stopped; change of {} not applied to sessions", user);
        }
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (RuntimeException e) {
            LOG.warn("revocation watch: sweep failed: {}", e.toString());
        }
    }

    /**
     * One sweep: read the store's revision first (a change committed after this read is seen by the
     * next sweep), then re-read every live session's app password if it moved, only the unread ones
     * if not, then end expired sessions. A store that cannot be read is retried at the next sweep.
     */
    void sweep() {
        long now;
        try {
            now = revision.current();
            if (seen && now != lastRevision) {
                storeChanged.run();
            }
            Set<String> ids = !seen || now != lastRevision ? registry.appPasswordIds() : registry.unread();
            check(ids);
            if (storeTrouble) {
                LOG.info("revocation watch: store readable again");
                storeTrouble = false;
            }
        } catch (StoreUnavailableException e) {
            if (!storeTrouble) {
                LOG.warn("revocation watch: store unavailable, live sessions are not re-checked until it is back: {}",
                        e.getMessage());
                storeTrouble = true;
            }
            endExpired();
            return;
        }
        seen = true;
        lastRevision = now;
        endExpired();
    }

    private void endExpired() {
        registry.endExpired().forEach(forgetUser);
    }

    /** Re-reads {@code ids} in one query and ends the sessions of those no longer usable. */
    void check(Collection<String> ids) {
        if (ids.isEmpty()) {
            return;
        }
        Map<String, AppPasswordState> read = states.apply(ids);
        registry.apply(ids, read).forEach(forgetUser);
    }

    @Override
    public synchronized void close() {
        if (thread != null) {
            thread.shutdownNow();
        }
        revision.close();
    }
}
