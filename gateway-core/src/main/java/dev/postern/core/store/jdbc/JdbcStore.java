package dev.postern.core.store.jdbc;

import dev.postern.core.store.Activity;
import dev.postern.core.store.ApiTokenRecord;
import dev.postern.core.store.AppPasswordRecord;
import dev.postern.core.store.AppPasswordState;
import dev.postern.core.store.CredentialStore;
import dev.postern.core.store.LastUse;
import dev.postern.core.store.PortalSession;
import dev.postern.core.store.PortalSignIn;
import dev.postern.core.store.StoreConflictException;
import dev.postern.core.store.StoreRevision;
import dev.postern.core.store.UpstreamConnection;
import dev.postern.core.store.UserRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@link CredentialStore} in SQL, the same statements for every backend (SQLite, PostgreSQL): a
 * subclass lends connections, runs transactions and words errors. Reads run in auto-commit, one
 * statement each ({@link #read}); every change runs in one transaction ({@link #write}), so a change
 * made of several statements is all-or-nothing, and compare-and-set changes are single
 * {@code UPDATE ... WHERE} statements that need no stronger isolation than read committed.
 */
public abstract class JdbcStore implements CredentialStore {

    /** Chunks of at most this many ids per {@code IN} list (SQLite's oldest limit is 999 parameters). */
    public static final int STATES_CHUNK = 500;

    private static final String APP_PASSWORD_SELECT = "SELECT " + StoreRows.APP_PASSWORD_COLUMNS + " FROM app_passwords";

    private final StoreMigrations.Outcome migration;

    private static final String SIGN_IN = "sign-in";
    private static final String REAUTH = "reauth";

    protected JdbcStore(StoreMigrations.Outcome migration) {
        this.migration = Objects.requireNonNull(migration, "migration");
    }

    /** The schema version the store had when it was opened, and has now. */
    public StoreMigrations.Outcome migration() {
        return migration;
    }

    /**
     * Runs {@code work} on a connection in auto-commit mode; a failure to reach the store is a
     * {@link dev.postern.core.store.StoreUnavailableException}, a refusal by the schema's constraints a
     * {@link StoreConflictException}, both worded with {@link #where()}.
     */
    protected abstract <T> T read(String action, SqlWork<T> work);

    /** Runs {@code work} in one transaction: all of it is committed, or none of it; errors as {@link #read}. */
    protected abstract <T> T write(String action, SqlWork<T> work);

    /** The configuration key and the store's location, the start of every message: {@code store.sqlite: /path}. */
    protected abstract String where();

    /** The {@code ORDER BY} clause for app passwords, newest first, ties broken by insertion order. */
    protected abstract String newestFirst();

    /**
     * A new way for a serving gateway to notice changes made by other processes (the command line, other
     * gateways); the caller closes it.
     */
    public abstract StoreRevision revision();

    /**
     * Called before a user lookup (where logins start) and by {@link #ping()}: a backend that can lose its
     * store under a running gateway (a SQLite file moved away) throws
     * {@link dev.postern.core.store.StoreUnavailableException} so that logins fail closed.
     */
    protected void checkLocation() {
    }

    @Override
    public boolean addUser(String user, Instant now) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(now, "now");
        return write("adding a user", c -> insertUserIfMissing(c, user, now));
    }

    @Override
    public Optional<UserRecord> findUser(String user) {
        Objects.requireNonNull(user, "user");
        checkLocation(); // the login path starts here

        return read("looking up a user", c -> {
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT " + StoreRows.USER_COLUMNS + " FROM users WHERE name = ?")) {
                select.setString(1, user);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(StoreRows.user(rows)) : Optional.empty();
                }
            }
        });
    }

    /** Every user, newest first (then by name). */
    @Override
    public List<UserRecord> listUsers() {
        return read("listing users", c -> {
            List<UserRecord> users = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT " + StoreRows.USER_COLUMNS + " FROM users ORDER BY created_at DESC, name");
                    ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    users.add(StoreRows.user(rows));
                }
            }
            return List.copyOf(users);
        });
    }

    @Override
    public boolean removeUser(String user) {
        Objects.requireNonNull(user, "user");
        return write("removing a user", c -> {
            update(c, "DELETE FROM login_activity WHERE \"user\" = ?", user); // what they did goes with them
            update(c, "DELETE FROM portal_sessions WHERE user_name = ?", user);
            return update(c, "DELETE FROM users WHERE name = ?", user) > 0;
        });
    }

    @Override
    public boolean setSuspended(String user, Instant at) {
        Objects.requireNonNull(user, "user");
        String sql = at == null ? "UPDATE users SET suspended_at = NULL WHERE name = ? AND suspended_at IS NOT NULL"
                : "UPDATE users SET suspended_at = ? WHERE name = ? AND suspended_at IS NULL";
        return write(at == null ? "resuming a user" : "suspending a user", c -> {
            try (PreparedStatement update = c.prepareStatement(sql)) {
                int index = 1;
                if (at != null) {
                    update.setLong(index++, at.toEpochMilli());
                }
                update.setString(index, user);
                return update.executeUpdate() > 0;
            }
        });
    }

    @Override
    public void setUpstreamPassword(String user, byte[] sealed) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(sealed, "sealed");
        if (sealed.length == 0) {
            throw new IllegalArgumentException("sealed: empty (expected: a password sealed by SecretSealer)");
        }
        int changed = write("storing an upstream password", c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE users SET upstream_password = ?,"
                    + " credential_version = credential_version + 1 WHERE name = ?")) {
                update.setBytes(1, sealed);
                update.setString(2, user);
                return update.executeUpdate();
            }
        });
        if (changed == 0) {
            throw new StoreConflictException("unknown user " + user + "; add the user before storing an upstream password");
        }
    }

    @Override
    public Optional<byte[]> upstreamPassword(String user) {
        Objects.requireNonNull(user, "user");
        return read("reading an upstream password", c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT upstream_password FROM users WHERE name = ?")) {
                select.setString(1, user);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.ofNullable(rows.getBytes(1)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public Optional<UpstreamConnection> upstreamConnection(String user) {
        Objects.requireNonNull(user, "user");
        return read("reading an upstream consent", c -> {
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT " + StoreRows.CONNECTION_COLUMNS + " FROM users WHERE name = ?")) {
                select.setString(1, user);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.ofNullable(StoreRows.connection(rows)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public long connectUpstream(String user, byte[] sealedRefreshToken, Instant at) {
        Objects.requireNonNull(user, "user");
        requireSealed(sealedRefreshToken);
        Objects.requireNonNull(at, "at");
        Long version = write("storing an upstream consent", c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE users SET refresh_token = ?,"
                    + " refresh_token_version = refresh_token_version + 1, connected_at = ?, needs_reconnect_at = NULL,"
                    + " credential_version = credential_version + 1,"
                    + " needs_reconnect_reason = NULL WHERE name = ?")) {
                update.setBytes(1, sealedRefreshToken);
                update.setLong(2, at.toEpochMilli());
                update.setString(3, user);
                if (update.executeUpdate() == 0) {
                    return null;
                }
            }
            return refreshTokenVersion(c, user);
        });
        if (version == null) {
            throw new StoreConflictException("unknown user " + user + "; add the user before connecting the upstream");
        }
        return version;
    }

    @Override
    public boolean replaceRefreshToken(String user, long expectedVersion, byte[] sealedRefreshToken) {
        Objects.requireNonNull(user, "user");
        requireSealed(sealedRefreshToken);
        return write("replacing a rotated refresh token", c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE users SET refresh_token = ?,"
                    + " refresh_token_version = refresh_token_version + 1"
                    + " WHERE name = ? AND refresh_token_version = ? AND refresh_token IS NOT NULL")) {
                update.setBytes(1, sealedRefreshToken);
                update.setString(2, user);
                update.setLong(3, expectedVersion);
                return update.executeUpdate() > 0;
            }
        });
    }

    @Override
    public boolean markNeedsReconnect(String user, long expectedVersion, String reason, Instant at) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(at, "at");
        return write("marking an upstream consent as needing reconnection", c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE users SET needs_reconnect_at = ?,"
                    + " needs_reconnect_reason = ?, refresh_token_version = refresh_token_version + 1"
                    + " WHERE name = ? AND refresh_token_version = ? AND refresh_token IS NOT NULL")) {
                update.setLong(1, at.toEpochMilli());
                update.setString(2, reason);
                update.setString(3, user);
                update.setLong(4, expectedVersion);
                return update.executeUpdate() > 0;
            }
        });
    }

    private static void requireSealed(byte[] sealed) {
        Objects.requireNonNull(sealed, "sealed");
        if (sealed.length == 0) {
            throw new IllegalArgumentException("sealed: empty (expected: a refresh token sealed by SecretSealer)");
        }
    }

    private static long refreshTokenVersion(Connection c, String user) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT refresh_token_version FROM users WHERE name = ?")) {
            select.setString(1, user);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    throw new SQLException("user " + user + " vanished within a transaction");
                }
                return rows.getLong(1);
            }
        }
    }

    @Override
    public void createAppPassword(AppPasswordRecord record) {
        Objects.requireNonNull(record, "record");
        write("creating an app password", c -> {
            insertUserIfMissing(c, record.user(), record.createdAt()); // undone with the rest on a conflict below
            if (exists(c, "SELECT 1 FROM app_passwords WHERE id = ?", record.id())) {
                throw new StoreConflictException("an app password with id " + record.id() + " already exists");
            }
            Optional<String> sameLabel = activeIdWithLabel(c, record.user(), record.label());
            if (sameLabel.isPresent()) {
                throw new StoreConflictException(record.user() + " already has an app password labelled \"" + record.label()
                        + "\" (id " + sameLabel.get() + "); revoke it or choose another label");
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO app_passwords ("
                    + StoreRows.APP_PASSWORD_COLUMNS + ") VALUES (" + StoreRows.APP_PASSWORD_VALUES + ")")) {
                StoreRows.bind(insert, record);
                insert.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public List<AppPasswordRecord> appPasswordsOf(String user) {
        Objects.requireNonNull(user, "user");
        return listAppPasswords(Optional.of(user));
    }

    @Override
    public List<AppPasswordRecord> listAppPasswords(Optional<String> user) {
        Objects.requireNonNull(user, "user");
        String sql = APP_PASSWORD_SELECT + (user.isPresent() ? " WHERE \"user\" = ?" : "") + newestFirst();
        return read("listing app passwords", c -> {
            try (PreparedStatement select = c.prepareStatement(sql)) {
                if (user.isPresent()) {
                    select.setString(1, user.get());
                }
                List<AppPasswordRecord> found = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        found.add(StoreRows.appPassword(rows, where()));
                    }
                }
                return List.copyOf(found);
            }
        });
    }

    @Override
    public Optional<AppPasswordRecord> findAppPassword(String id) {
        Objects.requireNonNull(id, "id");
        return read("looking up an app password", c -> {
            try (PreparedStatement select = c.prepareStatement(APP_PASSWORD_SELECT + " WHERE id = ?")) {
                select.setString(1, id);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(StoreRows.appPassword(rows, where())) : Optional.empty();
                }
            }
        });
    }

    @Override
    public Map<String, AppPasswordState> states(Collection<String> ids) {
        Objects.requireNonNull(ids, "ids");
        List<String> all = List.copyOf(ids);
        if (all.isEmpty()) {
            return Map.of();
        }
        return read("reading the state of app passwords", c -> {
            Map<String, AppPasswordState> found = new HashMap<>();
            for (int from = 0; from < all.size(); from += STATES_CHUNK) {
                List<String> chunk = all.subList(from, Math.min(all.size(), from + STATES_CHUNK));
                String marks = String.join(",", Collections.nCopies(chunk.size(), "?"));
                try (PreparedStatement select = c.prepareStatement("SELECT a.id, a.\"user\", a.expires_at, a.revoked_at,"
                        + " u.suspended_at, u.credential_version FROM app_passwords a JOIN users u ON u.name = a.\"user\""
                        + " WHERE a.id IN (" + marks + ")")) {
                    for (int i = 0; i < chunk.size(); i++) {
                        select.setString(i + 1, chunk.get(i));
                    }
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            found.put(rows.getString(1), new AppPasswordState(rows.getString(1), rows.getString(2),
                                    instantOrNull(rows, 3), instantOrNull(rows, 4), instantOrNull(rows, 5), rows.getLong(6)));
                        }
                    }
                }
            }
            return Map.copyOf(found);
        });
    }

    private static Instant instantOrNull(ResultSet row, int column) throws SQLException {
        long millis = row.getLong(column);
        return row.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    @Override
    public boolean revokeAppPassword(String id, Instant at) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(at, "at");
        return write("revoking an app password", c -> {
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE app_passwords SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")) {
                update.setLong(1, at.toEpochMilli());
                update.setString(2, id);
                return update.executeUpdate() > 0;
            }
        });
    }

    /** Records a use; an older use reported late never overwrites a newer one. */
    @Override
    public void recordLastUse(String id, Instant at, String clientIp) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(at, "at");
        recordLastUses(Map.of(id, new LastUse(at, clientIp)));
    }

    /** One transaction and one batched statement for all of them. */
    @Override
    public void recordLastUses(Map<String, LastUse> uses) {
        Objects.requireNonNull(uses, "uses");
        if (uses.isEmpty()) {
            return;
        }
        write("recording the use of " + (uses.size() == 1 ? "an app password" : uses.size() + " app passwords"), c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE app_passwords SET last_used_at = ?, last_used_ip = ?"
                    + " WHERE id = ? AND (last_used_at IS NULL OR last_used_at <= ?)")) {
                for (Map.Entry<String, LastUse> use : uses.entrySet()) {
                    long at = use.getValue().at().toEpochMilli();
                    update.setLong(1, at);
                    update.setString(2, use.getValue().clientIp());
                    update.setString(3, use.getKey());
                    update.setLong(4, at);
                    update.addBatch();
                }
                return update.executeBatch().length;
            }
        });
    }

    /** Sets the tag only where none is stored; a tag another app password of the user holds is refused by the index. */
    @Override
    public void setLookupTag(String id, String tag) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tag, "tag");
        write("tagging an app password", c -> {
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE app_passwords SET lookup_tag = ? WHERE id = ? AND lookup_tag IS NULL")) {
                update.setString(1, tag);
                update.setString(2, id);
                return update.executeUpdate();
            }
        });
    }

    @Override
    public long messagesSent(String id, long epochDay) {
        Objects.requireNonNull(id, "id");
        return read("reading an app password's messages of the day", c -> {
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT messages FROM send_counts WHERE app_password_id = ? AND day = ?")) {
                select.setString(1, id);
                select.setLong(2, epochDay);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? rows.getLong(1) : 0L;
                }
            }
        });
    }

    @Override
    public long countMessage(String id, long epochDay) {
        Objects.requireNonNull(id, "id");
        return write("counting a message of an app password", c -> {
            if (!exists(c, "SELECT 1 FROM app_passwords WHERE id = ?", id)) {
                return 0L;
            }
            long count;
            try (PreparedStatement upsert = c.prepareStatement("INSERT INTO send_counts (app_password_id, day, messages)"
                    + " VALUES (?, ?, 1) ON CONFLICT (app_password_id, day)"
                    + " DO UPDATE SET messages = send_counts.messages + 1 RETURNING messages")) {
                upsert.setString(1, id);
                upsert.setLong(2, epochDay);
                try (ResultSet rows = upsert.executeQuery()) {
                    rows.next();
                    count = rows.getLong(1);
                }
            }
            if (count == 1) { // the day's first message: the earlier days are of no use any more
                try (PreparedStatement delete = c.prepareStatement(
                        "DELETE FROM send_counts WHERE app_password_id = ? AND day < ?")) {
                    delete.setString(1, id);
                    delete.setLong(2, epochDay);
                    delete.executeUpdate();
                }
            }
            return count;
        });
    }

    @Override
    public boolean recordSource(String id, String network, Instant at) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(at, "at");
        return write("recording where an app password was used from", c -> {
            if (!exists(c, "SELECT 1 FROM app_passwords WHERE id = ?", id)) {
                return false;
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO app_password_sources"
                    + " (app_password_id, network, first_seen_at) VALUES (?, ?, ?)"
                    + " ON CONFLICT (app_password_id, network) DO NOTHING")) {
                insert.setString(1, id);
                insert.setString(2, network);
                insert.setLong(3, at.toEpochMilli());
                return insert.executeUpdate() > 0;
            }
        });
    }

    @Override
    public void createApiToken(ApiTokenRecord record) {
        Objects.requireNonNull(record, "record");
        write("creating an API token", c -> {
            if (exists(c, "SELECT 1 FROM api_tokens WHERE id = ?", record.id())) {
                throw new StoreConflictException("an API token with id " + record.id() + " already exists");
            }
            if (exists(c, "SELECT 1 FROM api_tokens WHERE label = ? AND revoked_at IS NULL", record.label())) {
                throw new StoreConflictException("an active API token is already labelled \"" + record.label()
                        + "\"; revoke it or choose another label");
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO api_tokens (" + StoreRows.API_TOKEN_COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                StoreRows.bind(insert, record);
                insert.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public List<ApiTokenRecord> listApiTokens() {
        String sql = "SELECT " + StoreRows.API_TOKEN_COLUMNS + " FROM api_tokens ORDER BY created_at DESC, id";
        return read("listing API tokens", c -> {
            try (PreparedStatement select = c.prepareStatement(sql); ResultSet rows = select.executeQuery()) {
                List<ApiTokenRecord> tokens = new ArrayList<>();
                while (rows.next()) {
                    tokens.add(StoreRows.apiToken(rows));
                }
                return tokens;
            }
        });
    }

    @Override
    public Optional<ApiTokenRecord> findApiToken(String id) {
        Objects.requireNonNull(id, "id");
        return read("reading an API token", c -> {
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT " + StoreRows.API_TOKEN_COLUMNS + " FROM api_tokens WHERE id = ?")) {
                select.setString(1, id);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(StoreRows.apiToken(rows)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public boolean revokeApiToken(String id, Instant at) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(at, "at");
        return write("revoking an API token", c -> {
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")) {
                update.setLong(1, at.toEpochMilli());
                update.setString(2, id);
                return update.executeUpdate() > 0;
            }
        });
    }

    @Override
    public void recordApiTokenUse(String id, Instant at, String clientIp) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(at, "at");
        write("recording the use of an API token", c -> {
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE api_tokens SET last_used_at = ?, last_used_ip = ? WHERE id = ?")) {
                update.setLong(1, at.toEpochMilli());
                update.setString(2, clientIp);
                update.setString(3, id);
                return update.executeUpdate();
            }
        });
    }

    @Override
    public void recordActivity(List<Activity> lines) {
        Objects.requireNonNull(lines, "lines");
        if (lines.isEmpty()) {
            return;
        }
        write("recording " + lines.size() + " line(s) of activity", c -> {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO login_activity (\"user\", at, protocol,"
                    + " client_ip, outcome, reason, app_password_id) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                for (Activity line : lines) {
                    insert.setString(1, line.user());
                    insert.setLong(2, line.at().toEpochMilli());
                    insert.setString(3, line.protocol());
                    insert.setString(4, line.clientIp());
                    insert.setString(5, line.outcome());
                    insert.setString(6, line.reason());
                    insert.setString(7, line.appPasswordId());
                    insert.addBatch();
                }
                return insert.executeBatch().length;
            }
        });
    }

    @Override
    public List<Activity> activityOf(String user, int limit) {
        Objects.requireNonNull(user, "user");
        return read("reading a user's activity", c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT l.\"user\", l.at, l.protocol, l.client_ip,"
                    + " l.outcome, l.reason, l.app_password_id, a.label FROM login_activity l LEFT JOIN app_passwords a"
                    + " ON a.id = l.app_password_id WHERE l.\"user\" = ? ORDER BY l.at DESC LIMIT ?")) {
                select.setString(1, user);
                select.setInt(2, limit);
                try (ResultSet rows = select.executeQuery()) {
                    List<Activity> lines = new ArrayList<>();
                    while (rows.next()) {
                        lines.add(new Activity(rows.getString(1), Instant.ofEpochMilli(rows.getLong(2)), rows.getString(3),
                                rows.getString(4), rows.getString(5), rows.getString(6), rows.getString(7),
                                rows.getString(8)));
                    }
                    return lines;
                }
            }
        });
    }

    @Override
    public int pruneActivity(Instant before) {
        Objects.requireNonNull(before, "before");
        return write("dropping old activity", c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM login_activity WHERE at < ?")) {
                delete.setLong(1, before.toEpochMilli());
                return delete.executeUpdate();
            }
        });
    }

    @Override
    public void ping() {
        checkLocation();
        read("checking the store", c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT count(*) FROM users WHERE 1 = 0");
                    ResultSet rows = select.executeQuery()) {
                return rows.next();
            }
        });
    }

    private static boolean insertUserIfMissing(Connection c, String user, Instant now) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO users (name, created_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING")) {
            insert.setString(1, user);
            insert.setLong(2, now.toEpochMilli());
            return insert.executeUpdate() > 0;
        }
    }

    private static Optional<String> activeIdWithLabel(Connection c, String user, String label) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(
                "SELECT id FROM app_passwords WHERE \"user\" = ? AND label = ? AND revoked_at IS NULL")) {
            select.setString(1, user);
            select.setString(2, label);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
            }
        }
    }

    @Override
    public void createPortalSignIn(PortalSignIn signIn) {
        Objects.requireNonNull(signIn, "signIn");
        write("storing a portal sign-in", c -> {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO portal_sign_ins (id_hash, state, nonce,"
                    + " code_verifier, purpose, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, signIn.idHash());
                insert.setString(2, signIn.state());
                insert.setString(3, signIn.nonce());
                insert.setString(4, signIn.codeVerifier());
                insert.setString(5, signIn.reauth() ? REAUTH : SIGN_IN);
                insert.setLong(6, signIn.createdAt().toEpochMilli());
                return insert.executeUpdate();
            }
        });
    }

    @Override
    public Optional<PortalSignIn> takePortalSignIn(String idHash) {
        Objects.requireNonNull(idHash, "idHash");
        return write("taking a portal sign-in", c -> {
            Optional<PortalSignIn> found;
            try (PreparedStatement select = c.prepareStatement("SELECT state, nonce, code_verifier, purpose, created_at"
                    + " FROM portal_sign_ins WHERE id_hash = ?")) {
                select.setString(1, idHash);
                try (ResultSet rows = select.executeQuery()) {
                    found = rows.next() ? Optional.of(new PortalSignIn(idHash, rows.getString(1), rows.getString(2),
                            rows.getString(3), REAUTH.equals(rows.getString(4)), Instant.ofEpochMilli(rows.getLong(5))))
                            : Optional.empty();
                }
            }
            // the delete decides: of two concurrent takes, only the one that removed the row gets it
            return found.isPresent() && update(c, "DELETE FROM portal_sign_ins WHERE id_hash = ?", idHash) > 0
                    ? found : Optional.empty();
        });
    }

    @Override
    public void createPortalSession(PortalSession session) {
        Objects.requireNonNull(session, "session");
        write("storing a portal session", c -> {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO portal_sessions (id_hash, user_name,"
                    + " csrf_token, auth_time, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, session.idHash());
                insert.setString(2, session.user());
                insert.setString(3, session.csrfToken());
                insert.setLong(4, session.authTime().toEpochMilli());
                insert.setLong(5, session.createdAt().toEpochMilli());
                insert.setLong(6, session.lastSeenAt().toEpochMilli());
                return insert.executeUpdate();
            }
        });
    }

    @Override
    public Optional<PortalSession> findPortalSession(String idHash) {
        Objects.requireNonNull(idHash, "idHash");
        return read("reading a portal session", c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT user_name, csrf_token, auth_time, created_at,"
                    + " last_seen_at FROM portal_sessions WHERE id_hash = ?")) {
                select.setString(1, idHash);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(new PortalSession(idHash, rows.getString(1), rows.getString(2),
                            Instant.ofEpochMilli(rows.getLong(3)), Instant.ofEpochMilli(rows.getLong(4)),
                            Instant.ofEpochMilli(rows.getLong(5)))) : Optional.empty();
                }
            }
        });
    }

    @Override
    public boolean touchPortalSession(String idHash, Instant at) {
        Objects.requireNonNull(idHash, "idHash");
        Objects.requireNonNull(at, "at");
        return write("recording a portal request", c -> {
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE portal_sessions SET last_seen_at = ? WHERE id_hash = ?")) {
                update.setLong(1, at.toEpochMilli());
                update.setString(2, idHash);
                return update.executeUpdate() > 0;
            }
        });
    }

    @Override
    public boolean deletePortalSession(String idHash) {
        Objects.requireNonNull(idHash, "idHash");
        return write("ending a portal session", c -> update(c, "DELETE FROM portal_sessions WHERE id_hash = ?",
                idHash) > 0);
    }

    @Override
    public int purgePortal(Instant startedBefore, Instant seenBefore, Instant createdBefore) {
        return write("removing ended portal sessions", c -> {
            int removed;
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM portal_sign_ins WHERE created_at < ?")) {
                delete.setLong(1, startedBefore.toEpochMilli());
                removed = delete.executeUpdate();
            }
            try (PreparedStatement delete = c.prepareStatement(
                    "DELETE FROM portal_sessions WHERE last_seen_at < ? OR created_at < ?")) {
                delete.setLong(1, seenBefore.toEpochMilli());
                delete.setLong(2, createdBefore.toEpochMilli());
                removed += delete.executeUpdate();
            }
            return removed;
        });
    }

    private static boolean exists(Connection c, String sql, String parameter) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(sql)) {
            select.setString(1, parameter);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static int update(Connection c, String sql, String parameter) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            statement.setString(1, parameter);
            return statement.executeUpdate();
        }
    }
}
