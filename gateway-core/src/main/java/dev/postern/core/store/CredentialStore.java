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

    /** Stores the sealed (encrypted) upstream password; the user must exist. */
    void setUpstreamPassword(String user, byte[] sealed);

    Optional<byte[]> upstreamPassword(String user);

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
     * Stores the lookup tag of an app password that has none yet (one made before tags existed, on
     * its first successful login); a no-op if it has one or the id is unknown.
     *
     * @throws StoreConflictException if another app password of the same user holds that tag
     */
    void setLookupTag(String id, String tag);

    /** A cheap probe for readiness checks: throws {@link StoreUnavailableException} if unreachable. */
    void ping();

    @Override
    void close();
}
