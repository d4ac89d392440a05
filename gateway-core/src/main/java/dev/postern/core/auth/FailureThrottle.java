package dev.postern.core.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.postern.core.identity.UserName;
import dev.postern.core.net.AddressGroups;
import dev.postern.core.net.Networks;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * Brute-force throttling of logins, shared by every front. Asked {@link #before} a credential check
 * (allow, wait first, or refuse without checking) and told the outcome after ({@link #failed},
 * {@link #succeeded}). Counts failures per source (IPv4 address or IPv6 /64), per (user, source) and
 * per user; a refusal's answer waits {@code firstDelay} doubled per earlier failure of the source,
 * up to {@code maxDelay}, as Dovecot's auth penalty does.
 *
 * <p>The per-user count only ever slows logins for that user: it never refuses, so an attacker's
 * failures cannot lock the owner out of an address the attacker has not used. Nor does it slow the
 * owner's own devices: an app password that logged in for the user from a source within
 * {@link #RECENT_SUCCESS} is {@linkplain #vouchedFor vouched for} there, and the front lets its next
 * login through without the per-user wait (the check runs first; only a vouched success skips it). Memory is bounded:
 * each count lives in a Caffeine cache with a maximum size and expires {@code blockFor} after the
 * last failure. Time comes from an injected {@link Ticker}.
 *
 * <p>Users are given already normalised ({@link UserName}); {@code null} stands for a presented name
 * that is not valid, and all such names share one count (bounded, and never valid anyway).
 */
public final class FailureThrottle {

    /** What to do with a login attempt before its credential is checked. */
    public enum Action { ALLOW, DELAY, REFUSE }

    /**
     * The verdict before a check. {@code DELAY}: wait {@code delay}, then check. {@code REFUSE}: wait
     * {@code delay}, then answer a temporary failure without checking.
     */
    public record Decision(Action action, Duration delay) {
        public static final Decision ALLOW = new Decision(Action.ALLOW, Duration.ZERO);
    }

    private static final int MAX_DOUBLINGS = 30;
    /** How long a successful login vouches for its app password from its source. */
    public static final Duration RECENT_SUCCESS = Duration.ofDays(1);

    private final ThrottleSettings settings;
    private final ThrottleObserver observer;
    private final Cache<String, Integer> sources;
    private final Cache<String, Integer> pairs;
    private final Cache<String, Integer> users;
    private final Cache<String, Boolean> vouched;

    public FailureThrottle(ThrottleSettings settings, Ticker ticker) {
        this(settings, ticker, ThrottleObserver.NONE);
    }

    /** As above, reporting the fronts' actions to {@code observer} (metrics). */
    public FailureThrottle(ThrottleSettings settings, Ticker ticker, ThrottleObserver observer) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.observer = Objects.requireNonNull(observer, "observer");
        Objects.requireNonNull(ticker, "ticker");
        this.sources = counts(settings, ticker);
        this.pairs = counts(settings, ticker);
        this.users = counts(settings, ticker);
        this.vouched = Caffeine.newBuilder()
                .maximumSize(settings.maxTracked())
                .expireAfterWrite(RECENT_SUCCESS)
                .ticker(ticker)
                .executor(Runnable::run)
                .build();
    }

    /** A throttle that answers every refusal after the same {@code delay} and never refuses unchecked. */
    public static FailureThrottle fixedDelay(Duration delay) {
        return new FailureThrottle(new ThrottleSettings(delay, delay, Integer.MAX_VALUE, Integer.MAX_VALUE,
                Integer.MAX_VALUE, Duration.ZERO, Duration.ofSeconds(1), 1, Networks.NONE), Ticker.systemTicker());
    }

    /** A front reports what it did because of this throttle ({@code delay}, {@code refuse}); see {@link ThrottleObserver}. */
    public void report(String protocol, Action action) {
        observer.action(protocol, action.name().toLowerCase(java.util.Locale.ROOT));
    }

    /** Decides before a check; {@code user} is null if not valid, {@code client} the real client address. */
    public Decision before(UserName user, InetAddress client) {
        if (settings.trusted().contains(client)) {
            return Decision.ALLOW;
        }
        String source = AddressGroups.of(client);
        int fromSource = count(sources, source);
        if (fromSource >= settings.perIp() || count(pairs, pair(user, source)) >= settings.perUserAndIp()) {
            return new Decision(Action.REFUSE, delayAfter(fromSource));
        }
        if (count(users, userKey(user)) >= settings.perUser()) {
            return new Decision(Action.DELAY, settings.perUserDelay());
        }
        return Decision.ALLOW;
    }

    /** Records a refused credential; returns how long to wait before answering it. */
    public Duration failed(UserName user, InetAddress client) {
        if (settings.trusted().contains(client)) {
            return settings.firstDelay();
        }
        String source = AddressGroups.of(client);
        int fromSource = increment(sources, source);
        increment(pairs, pair(user, source));
        increment(users, userKey(user));
        return delayAfter(fromSource);
    }

    /**
     * Records an accepted credential: that user's failures from that source are forgiven, and the app
     * password is vouched for from that source for {@link #RECENT_SUCCESS}.
     */
    public void succeeded(UserName user, InetAddress client, String appPasswordId) {
        String pair = pair(user, AddressGroups.of(client));
        pairs.invalidate(pair);
        vouched.put(pair + '\n' + appPasswordId, Boolean.TRUE);
    }

    /**
     * True if {@code appPasswordId} logged in for {@code user} from this source (IPv4 address, IPv6
     * /64) within {@link #RECENT_SUCCESS}: a login proven right there is not slowed by failures
     * against the user from elsewhere.
     */
    public boolean vouchedFor(UserName user, InetAddress client, String appPasswordId) {
        return vouched.getIfPresent(pair(user, AddressGroups.of(client)) + '\n' + appPasswordId) != null;
    }

    /** The failure-delay step after {@code failures} failures: first, doubled per further failure, capped. */
    Duration delayAfter(int failures) {
        int doublings = Math.min(Math.max(failures - 1, 0), MAX_DOUBLINGS);
        long millis = settings.firstDelay().toMillis() << doublings;
        return Duration.ofMillis(Math.min(millis, settings.maxDelay().toMillis()));
    }

    /** How many entries each count holds now (after pending evictions), for tests and metrics. */
    long trackedSources() {
        sources.cleanUp();
        return sources.estimatedSize();
    }

    private static int count(Cache<String, Integer> cache, String key) {
        Integer count = cache.getIfPresent(key);
        return count == null ? 0 : count;
    }

    private static int increment(Cache<String, Integer> cache, String key) {
        // merge() is a write: it restarts the entry's expiry, so a count lives blockFor after its last failure
        return cache.asMap().merge(key, 1, (old, one) -> old >= Integer.MAX_VALUE - 1 ? old : old + one);
    }

    private static String userKey(UserName user) {
        return user == null ? "" : user.value(); // invalid names share one key: bounded, and never valid anyway
    }

    private static String pair(UserName user, String source) {
        return userKey(user) + '\n' + source;
    }

    private static Cache<String, Integer> counts(ThrottleSettings settings, Ticker ticker) {
        return Caffeine.newBuilder()
                .maximumSize(settings.maxTracked())
                .expireAfterWrite(settings.blockFor())
                .ticker(ticker)
                .executor(Runnable::run)
                .build();
    }
}
