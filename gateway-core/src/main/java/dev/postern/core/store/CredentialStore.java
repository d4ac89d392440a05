package dev.postern.core.store;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where users and app passwords live. User names passed in are already normalised
 * ({@code dev.postern.core.identity.UserNames}). Every method may block (JDBC): call it from a
 * store executor, never from an event loop.
 *
 * <p>Failures to reach the store are {@link StoreUnavailableException}; refusals caused by the
 * caller's input (duplicate label, unknown id) are {@link StoreConflictException} with a message
 * fit for an operator.
 */
public interface CredentialStore extends AutoCloseable {

    /** Adds a user; false if the user already existed. */
    boolean addUser(String user, Instant now);

    Optional<UserRecord> findUser(String user);

    List<UserRecord> listUsers();

    /** Removes a user with all their app passwords and upstream password; false if unknown. */
    boolean removeUser(String user);

    /**
     * Suspends the user since {@code at}, or resumes them when {@code at} is null; their app passwords
     * are kept either way.
     *
     * @return false, and nothing changed, when the user is unknown or already in that state
     */
    boolean setSuspended(String user, Instant at);

    /** Stores the sealed (encrypted) upstream password; the user must exist. */
    void setUpstreamPassword(String user, byte[] sealed);

    Optional<byte[]> upstreamPassword(String user);

    /**
     * The user's upstream consent (refresh-token grant) with its sealed refresh token; empty when the
     * user is unknown or never connected the upstream.
     */
    Optional<UpstreamConnection> upstreamConnection(String user);

    /**
     * Stores the sealed refresh token of a new consent: connected now, no longer needing to reconnect,
     * the version incremented.
     *
     * @return the new version
     * @throws StoreConflictException when the user is unknown
     */
    long connectUpstream(String user, byte[] sealedRefreshToken, Instant at);

    /**
     * Replaces the sealed refresh token with the one the provider rotated it to, if the stored version
     * is still {@code expectedVersion} (compare and set), incrementing it.
     *
     * @return false, and nothing changed, when the version moved on (another gateway rotated it, the
     *         user connected anew, or it was marked as needing reconnection) or the user is gone
     */
    boolean replaceRefreshToken(String user, long expectedVersion, byte[] sealedRefreshToken);

    /**
     * Marks the user's consent as needing reconnection, if the stored version is still
     * {@code expectedVersion}, incrementing it; the token is kept, but no longer used.
     *
     * @return false, and nothing changed, when the version moved on (a newer token, which the refusal
     *         did not concern) or the user is gone
     */
    boolean markNeedsReconnect(String user, long expectedVersion, String reason, Instant at);

    /**
     * Stores a new app password, creating its user if unknown, in one transaction.
     *
     * @throws StoreConflictException if the id exists or the user already has an app password with that label
     */
    void createAppPassword(AppPasswordRecord record);

    /** Every app password of one user, revoked and expired ones included, newest first. */
    List<AppPasswordRecord> appPasswordsOf(String user);

    /** Every app password, or one user's when {@code user} is present; newest first. */
    List<AppPasswordRecord> listAppPasswords(Optional<String> user);

    Optional<AppPasswordRecord> findAppPassword(String id);

    /**
     * The state of each of {@code ids} that exists, in one query however many ids there are (a backend
     * splits long lists itself); an id absent from the answer is unknown (its user was removed).
     */
    Map<String, AppPasswordState> states(Collection<String> ids);

    /** Marks an app password revoked; false if the id is unknown or it was already revoked. */
    boolean revokeAppPassword(String id, Instant at);

    /** Records a successful use; a no-op for an unknown id. */
    void recordLastUse(String id, Instant at, String clientIp);

    /**
     * Records the uses of several app passwords at once, in one transaction where the backend has them;
     * as {@link #recordLastUse} for each.
     */
    default void recordLastUses(Map<String, LastUse> uses) {
        uses.forEach((id, use) -> recordLastUse(id, use.at(), use.clientIp()));
    }

    /**
     * Stores the lookup tag of an app password that has none yet (one made before tags existed, on
     * its first successful login); a no-op if it has one or the id is unknown.
     *
     * @throws StoreConflictException if another app password of the same user holds that tag
     */
    void setLookupTag(String id, String tag);

    /** Messages sent with app password {@code id} on UTC day {@code epochDay} (days since 1970-01-01); 0 if none. */
    long messagesSent(String id, long epochDay);

    /**
     * Counts one more message sent with app password {@code id} on {@code epochDay} and returns the
     * day's count, in one atomic statement (several gateways may count at once). The counts of that
     * app password's earlier days are dropped. A no-op returning 0 for an unknown id.
     */
    long countMessage(String id, long epochDay);

    /**
     * Records that app password {@code id} was used from {@code network} (a source network such as
     * {@code 192.0.2.0/24}); true when it never had been before, false when it had or the id is unknown.
     */
    boolean recordSource(String id, String network, Instant at);

    /**
     * Stores a new API token.
     *
     * @throws StoreConflictException if the id exists or an active token has the same label
     */
    void createApiToken(ApiTokenRecord record);

    /** Every API token, newest first. */
    List<ApiTokenRecord> listApiTokens();

    Optional<ApiTokenRecord> findApiToken(String id);

    /** Marks an API token revoked; false if the id is unknown or it was already revoked. */
    boolean revokeApiToken(String id, Instant at);

    /** Records a request made with an API token; a no-op for an unknown id. */
    void recordApiTokenUse(String id, Instant at, String clientIp);

    /** Appends lines to the users' activity, in one transaction where the backend has them. */
    void recordActivity(List<Activity> lines);

    /** The user's latest activity, newest first, at most {@code limit} lines, with the app passwords' labels. */
    List<Activity> activityOf(String user, int limit);

    /** Drops activity older than {@code before}; how many lines went. */
    int pruneActivity(Instant before);

    /** Stores a portal sign-in under way. */
    void createPortalSignIn(PortalSignIn signIn);

    /** Takes the sign-in whose cookie id hashes to {@code idHash}: it is removed, so it is taken once at most. */
    Optional<PortalSignIn> takePortalSignIn(String idHash);

    /** Stores a new portal session. */
    void createPortalSession(PortalSession session);

    Optional<PortalSession> findPortalSession(String idHash);

    /** Records a request of a portal session; false if it is gone. */
    boolean touchPortalSession(String idHash, Instant at);

    /** Ends a portal session; false if it was gone already. */
    boolean deletePortalSession(String idHash);

    /**
     * Removes sign-ins started before {@code startedBefore} and sessions last seen before {@code seenBefore}
     * or created before {@code createdBefore}; answers how many rows went.
     */
    int purgePortal(Instant startedBefore, Instant seenBefore, Instant createdBefore);

    /** A cheap probe for readiness checks: throws {@link StoreUnavailableException} if unreachable. */
    void ping();

    @Override
    void close();
}
