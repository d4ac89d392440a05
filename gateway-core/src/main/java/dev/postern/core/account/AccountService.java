package dev.postern.core.account;

import dev.postern.core.auth.ApiTokens;
import dev.postern.core.auth.AppPasswordFormat;
import dev.postern.core.auth.LookupTag;
import dev.postern.core.auth.hash.PasswordHashes;
import dev.postern.core.identity.UserNames;
import dev.postern.core.seal.SecretSealer;
import dev.postern.core.store.ApiTokenRecord;
import dev.postern.core.store.AppPasswordRecord;
import dev.postern.core.store.CredentialStore;
import dev.postern.core.store.Limits;
import dev.postern.core.store.Scope;
import dev.postern.core.store.StoreConflictException;
import dev.postern.core.store.UserRecord;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The one place accounts change, whoever asks (the command line today; the portal and the API
 * later): generate an app password (shown once), import a hash, revoke, add, remove, suspend and resume users,
 * store a sealed upstream password or the refresh token of an upstream consent, mark a consent as
 * needing reconnection. After each change it tells its {@link AccountChanges} (a rotated refresh
 * token is no change a login depends on, and tells nobody).
 */
public final class AccountService {

    /** Longest label, in characters. */
    public static final int MAX_LABEL = 64;

    private final CredentialStore store;
    private final PasswordHashes hashes;
    private final SecureRandom random;
    private final InstantSource clock;
    private final AccountChanges changes;

    /** For a process that serves no logins (the command line): nobody is told of changes. */
    public AccountService(CredentialStore store, PasswordHashes hashes, SecureRandom random, InstantSource clock) {
        this(store, hashes, random, clock, AccountChanges.NONE);
    }

    /** @param changes told the user's name after every change (in a serving process: the verifier's cache) */
    public AccountService(CredentialStore store, PasswordHashes hashes, SecureRandom random, InstantSource clock,
                          AccountChanges changes) {
        this.store = store;
        this.hashes = hashes;
        this.random = random;
        this.clock = clock;
        this.changes = Objects.requireNonNull(changes, "changes");
    }

    /** A new app password and its secret in display form; the secret exists nowhere else. */
    public record Created(AppPasswordRecord record, String password) {
        @Override
        public String toString() {
            return "Created[" + record + "]";
        }
    }

    /** Generates, hashes and stores a new app password for {@code user} (created if unknown). */
    public Created create(String user, String label, Set<Scope> scopes, Duration expiresIn) {
        return create(user, label, scopes, expiresIn, Limits.NONE);
    }

    /** As {@link #create(String, String, Set, Duration)}, the app password carrying {@code limits}. */
    public Created create(String user, String label, Set<Scope> scopes, Duration expiresIn, Limits limits) {
        String name = UserNames.require(user);
        String checkedLabel = requireLabel(label);
        Scope.requireValid(scopes);
        requireApplicable(limits, scopes);
        Set<String> tagsInUse = new HashSet<>();
        store.appPasswordsOf(name).forEach(existing -> tagsInUse.add(existing.lookupTag()));
        String canonical;
        String tag;
        do { // one login compares one hash: no two app passwords of a user may share a lookup tag
            canonical = AppPasswordFormat.generateCanonical(random);
            tag = LookupTag.of(canonical.getBytes(StandardCharsets.UTF_8));
        } while (tagsInUse.contains(tag));
        String hash = hashes.hash(canonical.getBytes(StandardCharsets.UTF_8));
        AppPasswordRecord record = insert(name, checkedLabel, scopes, hash, tag, expiresIn, limits);
        return new Created(record, AppPasswordFormat.display(canonical));
    }

    /**
     * Whether {@code presented} (in any form a client may type it) is the secret of {@code record}: one
     * hash verification, blocking (on a pool, never an event loop).
     */
    public boolean isPasswordOf(AppPasswordRecord record, String presented) {
        if (presented == null) {
            return false;
        }
        byte[] secret = AppPasswordFormat.canonicalOrAsTyped(presented).getBytes(StandardCharsets.UTF_8);
        return hashes.verify(secret, record.hash());
    }

    /** Stores an existing hash (bcrypt, PBKDF2, Argon2, peppered HMAC) as an app password. */
    public AppPasswordRecord importHash(String user, String label, Set<Scope> scopes, String hash, Duration expiresIn) {
        return importHash(user, label, scopes, hash, expiresIn, Limits.NONE);
    }

    /** As {@link #importHash(String, String, Set, String, Duration)}, the app password carrying {@code limits}. */
    public AppPasswordRecord importHash(String user, String label, Set<Scope> scopes, String hash, Duration expiresIn,
                                        Limits limits) {
        hashes.requireSupported(hash);
        Scope.requireValid(scopes);
        requireApplicable(limits, scopes);
        return insert(UserNames.require(user), requireLabel(label), scopes, hash, null, expiresIn, limits);
    }

    /**
     * Refuses sending limits on an app password that cannot send: they would mean nothing, and
     * whoever set them probably meant another scope.
     */
    private static void requireApplicable(Limits limits, Set<Scope> scopes) {
        if (limits.limitsSending() && !scopes.contains(Scope.SMTP)) {
            throw new IllegalArgumentException("--send-as and --max-messages-per-day limit SMTP, but the scopes ("
                    + Scope.format(scopes) + ") do not include smtp; add smtp to --scopes or leave those options out");
        }
    }

    /**
     * Marks an app password revoked.
     *
     * @return the record as it is now (with {@code revokedAt} set)
     * @throws StoreConflictException when the id is unknown or the app password was already revoked
     */
    public AppPasswordRecord revoke(String id) {
        String key = id == null ? "" : id.strip().toLowerCase(Locale.ROOT);
        AppPasswordRecord found = store.findAppPassword(key).orElseThrow(() -> new StoreConflictException(
                "no app password with id \"" + UserNames.printable(id) + "\" (see: postern app-passwords list)"));
        if (found.isRevoked()) {
            throw new StoreConflictException(alreadyRevoked(key, found.revokedAt()));
        }
        Instant at = now();
        if (!store.revokeAppPassword(key, at)) {
            throw new StoreConflictException(alreadyRevoked(key, null));
        }
        changes.changed(found.user());
        return found.revokedAt(at);
    }

    private static String alreadyRevoked(String id, Instant at) {
        return "app password " + id + " is already revoked" + (at == null ? "" : " (since " + at + ")");
    }

    /**
     * Adds a user without app passwords.
     *
     * @return the normalised name
     * @throws StoreConflictException when the user exists already
     */
    public String addUser(String user) {
        String name = UserNames.require(user);
        if (!store.addUser(name, now())) {
            throw new StoreConflictException("user " + name + " already exists");
        }
        changes.changed(name);
        return name;
    }

    /**
     * Removes a user with all their app passwords and their upstream password.
     *
     * @return how many app passwords (of any status) were removed with the user
     * @throws StoreConflictException when the user is unknown
     */
    public int removeUser(String user) {
        String name = UserNames.require(user);
        int appPasswords = store.appPasswordsOf(name).size();
        if (!store.removeUser(name)) {
            throw new StoreConflictException(unknownUser(name));
        }
        changes.changed(name);
        return appPasswords;
    }

    /**
     * Suspends a user: every login is refused and every live session closed, their app passwords and
     * upstream credential kept.
     *
     * @return when the suspension began
     * @throws StoreConflictException when the user is unknown or already suspended
     */
    public Instant suspend(String user) {
        String name = UserNames.require(user);
        UserRecord found = store.findUser(name).orElseThrow(() -> new StoreConflictException(unknownUser(name)));
        if (found.isSuspended()) {
            throw new StoreConflictException(alreadySuspended(name, found.suspendedAt()));
        }
        Instant at = now();
        if (!store.setSuspended(name, at)) {
            throw new StoreConflictException(alreadySuspended(name, null));
        }
        changes.changed(name);
        return at;
    }

    /**
     * Resumes a suspended user: their app passwords work again at once.
     *
     * @return when the suspension that ended had begun
     * @throws StoreConflictException when the user is unknown or not suspended
     */
    public Instant resume(String user) {
        String name = UserNames.require(user);
        UserRecord found = store.findUser(name).orElseThrow(() -> new StoreConflictException(unknownUser(name)));
        if (!found.isSuspended() || !store.setSuspended(name, null)) {
            throw new StoreConflictException("user " + name + " is not suspended");
        }
        changes.changed(name);
        return found.suspendedAt();
    }

    private static String alreadySuspended(String name, Instant since) {
        return "user " + name + " is already suspended" + (since == null ? "" : " (since " + since + ")");
    }

    /** The message for a user name the store does not know. */
    public static String unknownUser(String name) {
        return "unknown user " + name + " (see: postern users list)";
    }

    private Instant now() {
        // The store keeps milliseconds; what is printed must match what is read back.
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private AppPasswordRecord insert(String user, String label, Set<Scope> scopes, String hash, String lookupTag,
                                     Duration expiresIn, Limits limits) {
        Instant now = now();
        Instant expires = expiresIn == null ? null : now.plus(expiresIn);
        for (int attempt = 0; ; attempt++) {
            String id = AppPasswordFormat.generateId(random);
            if (store.findAppPassword(id).isPresent()) {
                if (attempt < 5) {
                    continue;
                }
                throw new StoreConflictException("could not find a free app-password id; try again");
            }
            AppPasswordRecord record = new AppPasswordRecord(id, user, label, scopes, hash, lookupTag, now, expires, null, null,
                    null, limits);
            store.createAppPassword(record);
            changes.changed(user);
            return record;
        }
    }

    /** Seals and stores a user's upstream password ({@code stored-credential} mode). */
    public void setUpstreamPassword(String user, String password, SecretSealer sealer) {
        String name = UserNames.require(user);
        if (store.findUser(name).isEmpty()) {
            throw new StoreConflictException("unknown user " + name + "; add it first with: postern users add " + name);
        }
        byte[] plaintext = password.getBytes(StandardCharsets.UTF_8);
        try {
            store.setUpstreamPassword(name, sealer.seal(plaintext, name));
            changes.changed(name);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    /** The longest reason for a needed reconnection that is kept, in characters. */
    public static final int MAX_RECONNECT_REASON = 500;

    /**
     * Seals and stores the refresh token of the user's new consent to the upstream (refresh-token
     * grant): connected now, no longer needing to reconnect.
     *
     * @throws StoreConflictException when the user is unknown
     */
    public void connectUpstream(String user, String refreshToken, SecretSealer sealer) {
        String name = UserNames.require(user);
        if (store.findUser(name).isEmpty()) {
            throw new StoreConflictException(unknownUserToConnect(name));
        }
        byte[] plaintext = refreshToken.getBytes(StandardCharsets.UTF_8);
        try {
            store.connectUpstream(name, sealer.seal(plaintext, name), now());
            changes.changed(name);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    /** The message for connecting the upstream of a user the store does not know (as for the upstream password). */
    public static String unknownUserToConnect(String name) {
        return "unknown user " + name + "; add it first with: postern users add " + name;
    }

    /**
     * Seals and stores the refresh token the provider rotated the user's to, unless the stored one is
     * no longer the one of {@code version} (compare and set: a newer one is never overwritten). Tells
     * nobody: nothing a login depends on changed.
     *
     * @return whether it was stored
     */
    public boolean rotateRefreshToken(String user, long version, String refreshToken, SecretSealer sealer) {
        byte[] plaintext = refreshToken.getBytes(StandardCharsets.UTF_8);
        try {
            return store.replaceRefreshToken(user, version, sealer.seal(plaintext, user));
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    /**
     * Marks the user's upstream consent as needing reconnection (the provider refused the refresh
     * token of {@code version}); a newer consent or token is left alone.
     *
     * @param reason what the provider said, for {@code postern users list} (capped)
     * @return whether it was marked
     */
    public boolean markNeedsReconnect(String user, long version, String reason) {
        String kept = reason.length() > MAX_RECONNECT_REASON ? reason.substring(0, MAX_RECONNECT_REASON) : reason;
        boolean marked = store.markNeedsReconnect(user, version, kept, now());
        if (marked) {
            changes.changed(user);
        }
        return marked;
    }

    /** A new API token and the token itself; the token exists nowhere else. */
    public record CreatedToken(ApiTokenRecord record, String token) {
        @Override
        public String toString() {
            return "CreatedToken[" + record + "]";
        }
    }

    /**
     * Generates and stores a bearer token of the admin REST API.
     *
     * @throws StoreConflictException when an active token has the same label
     */
    public CreatedToken createApiToken(String label) {
        String checkedLabel = requireLabel(label);
        for (int attempt = 0; ; attempt++) {
            String id = AppPasswordFormat.generateId(random);
            if (store.findApiToken(id).isPresent()) {
                if (attempt < 5) {
                    continue;
                }
                throw new StoreConflictException("could not find a free API token id; try again");
            }
            String token = ApiTokens.generate(id, random);
            ApiTokenRecord record = new ApiTokenRecord(id, checkedLabel, ApiTokens.hash(token), now(), null, null, null);
            store.createApiToken(record);
            return new CreatedToken(record, token);
        }
    }

    /** Every API token, newest first (never a token or its hash). */
    public List<ApiTokenRecord> apiTokens() {
        return store.listApiTokens();
    }

    /**
     * Revokes an API token: the next request with it is refused.
     *
     * @throws StoreConflictException when the id is unknown or the token was already revoked
     */
    public ApiTokenRecord revokeApiToken(String id) {
        String key = id == null ? "" : id.strip().toLowerCase(Locale.ROOT);
        ApiTokenRecord found = store.findApiToken(key).orElseThrow(() -> new StoreConflictException(
                "no API token with id \"" + UserNames.printable(id) + "\" (see: postern api-tokens list)"));
        if (found.isRevoked() || !store.revokeApiToken(key, now())) {
            throw new StoreConflictException("API token " + key + " (\"" + found.label() + "\") was already revoked");
        }
        return store.findApiToken(key).orElse(found);
    }

    /** The label, trimmed; throws {@link IllegalArgumentException} saying what a label must be. */
    public static String requireLabel(String label) {
        String trimmed = label == null ? "" : label.strip();
        if (trimmed.isEmpty() || trimmed.length() > MAX_LABEL
                || trimmed.codePoints().anyMatch(cp -> Character.isISOControl(cp))) {
            throw new IllegalArgumentException("label \"" + UserNames.printable(label) + "\" is not valid (expected 1-"
                    + MAX_LABEL + " printable characters)");
        }
        return trimmed;
    }
}
