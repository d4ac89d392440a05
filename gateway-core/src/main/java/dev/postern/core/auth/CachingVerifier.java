package dev.postern.core.auth;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.postern.core.store.AppPasswordRecord;
import dev.postern.core.store.CredentialStore;
import dev.postern.core.store.Scope;
import dev.postern.core.store.StoreUnavailableException;
import dev.postern.core.store.UserRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The credential check of an already normalised user: look up the user's app passwords (a snapshot at most
 * {@code stateRefresh} old), reuse a recent successful check from the hot cache, otherwise pay
 * the slow hash on the bounded hash pool.
 *
 * <p>The hot cache is keyed by (user, app-password id) and holds an HMAC of the presented secret
 * under a random per-process key, never the secret. A hit skips only the hash: the app password's
 * current state (revoked, expired, scopes) is checked on every call. Concurrent cold checks of the
 * same (user, secret) share one computation.
 *
 * <p>A cold check compares the presented secret with exactly one stored hash: the one whose
 * {@link LookupTag} matches the secret's; an unknown user, or one with no app password to compare
 * against, costs one verification against a dummy hash of the default scheme instead. So a refused
 * guess costs one slow hash, the same for every user. Only app passwords without a tag (imported
 * hashes, and those made before tags existed, which get theirs at their first successful login) are
 * compared one by one.
 */
public final class CachingVerifier implements CredentialVerifier {

    private static final Logger LOG = LoggerFactory.getLogger(CachingVerifier.class);

    private final CredentialStore store;
    private final PasswordCheck check;
    private final Supplier<String> dummyHash;
    private final Executor hashPool;
    private final InstantSource clock;
    private final VerifierSettings settings;
    private final SecretMac mac = new SecretMac();
    private final AsyncLoadingCache<String, UserState> users;
    private final Cache<HotKey, byte[]> hot;
    private final ConcurrentMap<ColdKey, CompletableFuture<Optional<String>>> inFlight = new ConcurrentHashMap<>();
    private final LastUseRecorder lastUse;
    private final Executor storePool;
    private final Ticker ticker;
    private final VerificationObserver observer;

    public CachingVerifier(CredentialStore store, PasswordCheck check, Supplier<String> dummyHash,
                           Executor hashPool, Executor storePool, VerifierSettings settings,
                           Ticker ticker, InstantSource clock) {
        this(store, check, dummyHash, hashPool, storePool, settings, ticker, clock, VerificationObserver.NONE);
    }

    /** As above, and tells {@code observer} whether each verdict came from the hot cache or a hash, and how long it took. */
    public CachingVerifier(CredentialStore store, PasswordCheck check, Supplier<String> dummyHash,
                           Executor hashPool, Executor storePool, VerifierSettings settings,
                           Ticker ticker, InstantSource clock, VerificationObserver observer) {
        this.store = Objects.requireNonNull(store, "store");
        this.check = Objects.requireNonNull(check, "check");
        this.dummyHash = Objects.requireNonNull(dummyHash, "dummyHash");
        this.hashPool = Objects.requireNonNull(hashPool, "hashPool");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.storePool = Objects.requireNonNull(storePool, "storePool");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.observer = Objects.requireNonNull(observer, "observer");
        this.users = Caffeine.newBuilder()
                .ticker(ticker)
                .expireAfterWrite(settings.stateRefresh())
                .maximumSize(Math.max(1, settings.maxEntries()))
                .executor(storePool)
                .buildAsync(this::loadUser);
        this.hot = Caffeine.newBuilder()
                .ticker(ticker)
                .expireAfterWrite(settings.expireAfter())
                .maximumSize(settings.maxEntries())
                .recordStats()
                .build();
        this.lastUse = new LastUseRecorder(store, storePool, ticker, clock);
    }

    @Override
    public CompletableFuture<AuthResult> verify(LoginAttempt attempt) {
        String name = attempt.user().value();
        String canonical = AppPasswordFormat.canonicalOrAsTyped(attempt.password());
        byte[] secret = canonical.getBytes(StandardCharsets.UTF_8);
        if (secret.length == 0 || secret.length > settings.maxPassword()) {
            return CompletableFuture.completedFuture(new AuthResult.Rejected(RejectReason.MALFORMED));
        }
        long started = ticker.read();
        byte[] presented = mac.of(name, secret);
        CompletableFuture<UserState> state;
        try {
            state = users.get(name);
        } catch (RejectedExecutionException e) {
            return unavailable("store pool saturated");
        }
        return state.handle((snapshot, failure) -> {
                    if (failure != null || snapshot.unavailable() != null) {
                        users.synchronous().invalidate(name); // retry the store at the next login, not after a refresh
                        LOG.warn("credential store unavailable while checking a login: {}",
                                failure != null ? rootMessage(failure) : snapshot.unavailable());
                        return unavailable("store unavailable");
                    }
                    return checkAgainst(name, snapshot, secret, LookupTag.ofPresented(canonical), presented, attempt,
                            started, false);
                })
                .thenCompose(result -> result);
    }

    /**
     * @param reread true when {@code state} was re-read for this check already (a refusal then stands)
     */
    private CompletableFuture<AuthResult> checkAgainst(String user, UserState state, byte[] secret, String tag,
                                                       byte[] presented, LoginAttempt attempt, long started,
                                                       boolean reread) {
        Instant now = clock.instant();
        AppPasswordRecord hit = hotHit(user, state, presented, true);
        if (hit != null) {
            report(attempt, true, started);
            AuthResult result = judge(hit, state, attempt, now);
            return mayRestOnStaleState(reread, state, started, result)
                    ? confirm(user, state, secret, tag, presented, attempt, started, result)
                    : CompletableFuture.completedFuture(result);
        }
        ColdKey key = new ColdKey(user, presented);
        CompletableFuture<Optional<String>> cold;
        boolean[] hashedHere = new boolean[1];
        try {
            cold = inFlight.computeIfAbsent(key, k -> {
                // Look again: a check of the same secret may have finished since the look above. It
                // fills the hot cache before it leaves inFlight, so one of the two always sees it.
                AppPasswordRecord justCached = hotHit(user, state, presented, false);
                if (justCached != null) {
                    return CompletableFuture.completedFuture(Optional.of(justCached.id()));
                }
                hashedHere[0] = true;
                return startColdCheck(user, state, secret, tag, presented, now);
            });
        } catch (RejectedExecutionException e) {
            return unavailable("hash pool saturated");
        }
        // The answer depends on the removal: a check that starts once this one has answered starts afresh,
        // so a finished check is never reused (only the hot cache remembers, under its own rules).
        CompletableFuture<Optional<String>> settled = cold.whenComplete((ignored, failure) -> inFlight.remove(key, cold));
        return settled.handle((matchedId, failure) -> {
            if (failure != null) {
                LOG.error("hash verification failed: {}", rootMessage(failure));
                return new AuthResult.Unavailable("hash verification failed");
            }
            // only the caller that started the check paid the hash; the others shared its verdict
            report(attempt, !hashedHere[0], started);
            if (!state.exists()) {
                return new AuthResult.Rejected(RejectReason.UNKNOWN_USER);
            }
            if (matchedId.isEmpty()) {
                return new AuthResult.Rejected(RejectReason.WRONG_PASSWORD);
            }
            AppPasswordRecord record = state.find(matchedId.get());
            if (record == null) {
                // A concurrent check matched an app password this caller's (newer) snapshot no longer
                // has: the user was removed and re-added meanwhile. Treat it as gone.
                return new AuthResult.Rejected(RejectReason.WRONG_PASSWORD);
            }
            if (hotCacheOn() && !state.suspended() && record.isActiveAt(clock.instant())) {
                hot.put(new HotKey(user, record.id()), presented);
            }
            return judge(record, state, attempt, clock.instant());
        }).thenCompose(result -> {
            if (mayRestOnStaleState(reread, state, started, result)) {
                return confirm(user, state, secret, tag, presented, attempt, started, result);
            }
            return CompletableFuture.completedFuture(result);
        });
    }

    /**
     * Whether {@code result} is a refusal that a change made elsewhere since {@code state} was read
     * could undo (a new app password, a new user, a resumed user), so that it must be confirmed.
     */
    private static boolean mayRestOnStaleState(boolean reread, UserState state, long started, AuthResult result) {
        return !reread && state.loadedAt() - started < 0 && result instanceof AuthResult.Rejected rejected
                && (rejected.reason() == RejectReason.UNKNOWN_USER || rejected.reason() == RejectReason.WRONG_PASSWORD
                || rejected.reason() == RejectReason.SUSPENDED);
    }

    /**
     * No refusal may rest on a user state older than a change this process could know of (an app
     * password created by the command line a moment ago): a refusal based on a cached state re-reads
     * the user once, and checks again only if the fresh state holds an app password the secret could
     * match that the cached one did not. The store read is cheap next to the hash the refusal paid.
     */
    private CompletableFuture<AuthResult> confirm(String user, UserState cached, byte[] secret, String tag,
                                                  byte[] presented, LoginAttempt attempt, long started,
                                                  AuthResult refusal) {
        CompletableFuture<UserState> fresh;
        try {
            fresh = CompletableFuture.supplyAsync(() -> loadUser(user), storePool);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(refusal);
        }
        return fresh.thenCompose(state -> {
            if (state.unavailable() != null) {
                return CompletableFuture.completedFuture(refusal);
            }
            users.put(user, CompletableFuture.completedFuture(state));
            if (!state.offersMoreThan(cached, clock.instant(), tag)) {
                return CompletableFuture.completedFuture(refusal);
            }
            return checkAgainst(user, state, secret, tag, presented, attempt, started, true);
        });
    }

    /**
     * Runs on the caller's thread only to submit: the hashing itself happens on the hash pool. A
     * match enters the hot cache before the check completes (and so before it leaves
     * {@code inFlight}), so a login arriving in between finds one or the other, never neither.
     */
    private CompletableFuture<Optional<String>> startColdCheck(String user, UserState state, byte[] secret, String tag,
                                                               byte[] presented, Instant now) {
        List<AppPasswordRecord> candidates = state.candidates(now, tag);
        return CompletableFuture.supplyAsync(() -> {
            if (candidates.isEmpty()) {
                check.matches(secret, dummyHash.get());
                return Optional.<String>empty();
            }
            for (AppPasswordRecord record : candidates) {
                if (matchesQuietly(secret, record)) {
                    if (record.lookupTag() == null && tag != null) {
                        tagLater(record, tag);
                    }
                    if (hotCacheOn() && !state.suspended() && record.isActiveAt(clock.instant())) {
                        hot.put(new HotKey(user, record.id()), presented);
                    }
                    return Optional.of(record.id());
                }
            }
            return Optional.<String>empty();
        }, hashPool);
    }

    /**
     * The app password whose successful check the hot cache remembers for this secret, or null. Only
     * the first look of a login counts in the cache's hit/miss statistics (the map view records none).
     */
    private AppPasswordRecord hotHit(String user, UserState state, byte[] presented, boolean counted) {
        if (!hotCacheOn()) {
            return null;
        }
        for (AppPasswordRecord record : state.appPasswords()) {
            HotKey key = new HotKey(user, record.id());
            byte[] remembered = counted ? hot.getIfPresent(key) : hot.asMap().get(key);
            if (remembered != null && MessageDigest.isEqual(remembered, presented)) {
                return record;
            }
        }
        return null;
    }

    /**
     * An app password made before lookup tags existed matched a generated secret: store its tag (off
     * the hash pool), so that from its next snapshot on it is the only candidate for its secret. A lost
     * write only means the untagged record is compared once more.
     */
    private void tagLater(AppPasswordRecord record, String tag) {
        try {
            storePool.execute(() -> {
                try {
                    store.setLookupTag(record.id(), tag);
                    users.synchronous().invalidate(record.user());
                } catch (RuntimeException e) {
                    LOG.debug("could not store the lookup tag of app password {}: {}", record.id(), e.getMessage());
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("store pool full; lookup tag of app password {} not stored", record.id());
        }
    }

    /** {@code auth.cache.max-entries: 0} turns the hot cache off: every login pays the hash. */
    private boolean hotCacheOn() {
        return settings.maxEntries() > 0;
    }

    private boolean matchesQuietly(byte[] secret, AppPasswordRecord record) {
        try {
            return check.matches(secret, record.hash());
        } catch (RuntimeException e) {
            LOG.warn("app password {} of {} has a hash that cannot be checked: {}", record.id(), record.user(),
                    e.getMessage());
            return false;
        }
    }

    private void report(LoginAttempt attempt, boolean cacheHit, long started) {
        try {
            observer.verified(attempt.scope(), cacheHit, ticker.read() - started);
        } catch (RuntimeException e) {
            LOG.warn("verification observer failed: {}", e.toString());
        }
    }

    /**
     * The verdict on a secret that matched {@code record}. A suspended user's matching secret is refused
     * after the same hash as any other (the client hears what a wrong password hears), and the hot cache
     * does not learn it while they are suspended.
     */
    private AuthResult judge(AppPasswordRecord record, UserState state, LoginAttempt attempt, Instant now) {
        if (record.isRevoked()) {
            hot.invalidate(new HotKey(record.user(), record.id()));
            return new AuthResult.Rejected(RejectReason.REVOKED);
        }
        if (record.isExpiredAt(now)) {
            hot.invalidate(new HotKey(record.user(), record.id()));
            return new AuthResult.Rejected(RejectReason.EXPIRED);
        }
        if (state.suspended()) {
            return new AuthResult.Rejected(RejectReason.SUSPENDED);
        }
        if (!Scope.anyGrants(record.scopes(), attempt.scope())) {
            return new AuthResult.Rejected(RejectReason.OUT_OF_SCOPE);
        }
        if (!record.limits().allowsSource(attempt.source())) {
            return new AuthResult.Rejected(RejectReason.SOURCE_NOT_ALLOWED);
        }
        lastUse.record(record.id(), attempt.clientAddress());
        return new AuthResult.Success(record.user(), record.id(), record.scopes(), record.limits(),
                state.credentialVersion());
    }

    /**
     * Loads on the store pool. A store failure becomes a value rather than an exception: Caffeine would
     * log every failed asynchronous load with a stack trace, and one warning line per login says enough.
     */
    private UserState loadUser(String user) {
        try {
            long loadedAt = ticker.read();
            Optional<UserRecord> found = store.findUser(user);
            if (found.isEmpty()) {
                return new UserState(false, List.of(), loadedAt);
            }
            return new UserState(true, found.get().isSuspended(), store.appPasswordsOf(user), null, loadedAt,
                    found.get().credentialVersion());
        } catch (StoreUnavailableException e) {
            return UserState.unavailable(e.getMessage());
        }
    }

    /**
     * Forgets what this process knows of one user, so that a change made here (revocation,
     * removal, a new app password) is seen by the next check at once.
     */
    public void invalidateUser(String normalisedUser) {
        users.synchronous().invalidate(normalisedUser);
        hot.asMap().keySet().removeIf(key -> key.user().equals(normalisedUser));
    }

    /**
     * The store changed, maybe in another process: every user's state is read afresh at their next
     * login, so a revoked or removed app password is refused at once rather than after
     * {@code stateRefresh}. The hot cache stays: a hit counts only if the fresh state still holds
     * that app password, active.
     */
    public void forgetUserStates() {
        users.synchronous().invalidateAll();
    }

    /** Hot-cache statistics (hits, misses, evictions) and size, for metrics. */
    public Cache<?, ?> hotCache() {
        return hot;
    }

    private static CompletableFuture<AuthResult> unavailable(String cause) {
        return CompletableFuture.completedFuture(new AuthResult.Unavailable(cause));
    }

    private static String rootMessage(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause.getCause() != null) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    private record HotKey(String user, String appPasswordId) {
    }

    /** Keyed by the HMAC of the secret, never the secret; equality by content. */
    private record ColdKey(String user, byte[] secretMac) {
        @Override
        public boolean equals(Object other) {
            return other instanceof ColdKey that && user.equals(that.user)
                    && MessageDigest.isEqual(secretMac, that.secretMac);
        }

        @Override
        public int hashCode() {
            return 31 * user.hashCode() + java.util.Arrays.hashCode(secretMac);
        }

        @Override
        public String toString() {
            return "ColdKey[" + user + "]";
        }
    }
}
