package dev.postern.core.store.sqlite;

import dev.postern.core.seal.SecretSealer;
import dev.postern.core.store.AppPasswordRecord;
import dev.postern.core.store.AppPasswordState;
import dev.postern.core.store.CredentialStore;
import dev.postern.core.store.StoreConflictException;
import dev.postern.core.store.StoreRevision;
import dev.postern.core.store.StoreSchemaTooNewException;
import dev.postern.core.store.StoreUnavailableException;
import dev.postern.core.store.UpstreamConnection;
import dev.postern.core.store.UserRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * The {@link CredentialStore} kept in one embedded SQLite file, shared by the CLI and a running gateway.
 *
 * <p><b>Connections.</b> Each store holds a small bounded pool of connections (default
 * {@value #DEFAULT_MAX_CONNECTIONS}); a thread borrows one for a single operation and returns it, so
 * threads never share a JDBC connection and idle connections keep the WAL index mapped instead of
 * re-opening the file each time. The file is in WAL mode: readers never wait for the writer, and
 * other processes (the CLI while the gateway runs) see committed changes at their next statement.
 * Writes are serialised by SQLite itself: every change runs in {@code BEGIN IMMEDIATE ... COMMIT},
 * waiting up to the busy timeout (default {@value #DEFAULT_BUSY_TIMEOUT_MILLIS} ms) for the write lock,
 * and a change made of several statements is all-or-nothing. Reads run in auto-commit, one statement
 * each, so no idle connection pins an old snapshot.
 *
 * <p><b>Schema.</b> {@link #open} creates missing folders and the file, then applies
 * {@link SqliteMigrations}; a file written by a newer Postern is refused with
 * {@link StoreSchemaTooNewException}, and so is a file whose user names differ only in case (the
 * migration that folds them would merge two users; {@link #refusal} finds both without opening the
 * store for writing). Every failure to reach the file is a
 * {@link StoreUnavailableException} whose message names the file and the cause.
 */
public final class SqliteStore implements CredentialStore {
    public static final int DEFAULT_MAX_CONNECTIONS = 4;
    public static final int DEFAULT_BUSY_TIMEOUT_MILLIS = 5000;

    private static final String APP_PASSWORD_SELECT = "SELECT " + SqliteRows.APP_PASSWORD_COLUMNS + " FROM app_passwords";

    private final String file;
    private final SqliteConnections connections;
    private final SqliteFileIdentity identity;

    private SqliteStore(String file, SqliteConnections connections, SqliteFileIdentity identity) {
        this.file = file;
        this.connections = connections;
        this.identity = identity;
    }

    /** Opens (creating if needed) the store at {@code file} with the default pool size and busy timeout. */
    public static SqliteStore open(Path file) {
        return open(file, DEFAULT_MAX_CONNECTIONS, Duration.ofMillis(DEFAULT_BUSY_TIMEOUT_MILLIS));
    }

    /** Opens (creating if needed) the store at {@code file}, migrating its schema to the newest version. */
    public static SqliteStore open(Path file, int maxConnections, Duration busyTimeout) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(busyTimeout, "busyTimeout");
        if (maxConnections < 1 || maxConnections > 64) {
            throw new IllegalArgumentException("maxConnections: " + maxConnections + " (expected: 1-64)");
        }
        if (busyTimeout.isNegative() || busyTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("busyTimeout: " + busyTimeout + " (expected: 0 to 24 days)");
        }
        Path absolute = file.toAbsolutePath().normalize();
        String name = absolute.toString();
        SqliteFiles.prepare(absolute);
        SqliteConnections connections = new SqliteConnections(name, maxConnections, (int) busyTimeout.toMillis());
        try {
            connections.withConnection("opening the store", connection -> {
                SqliteMigrations.migrate(connection, name);
                return null;
            });
        } catch (RuntimeException e) {
            connections.close();
            throw e;
        }
        return new SqliteStore(name, connections, SqliteFileIdentity.of(absolute));
    }

    /**
     * Why {@link #open} would refuse an existing store file (a schema written by a newer Postern, user
     * names that differ only in case), found by reading it without migrating, writing or creating
     * anything: for {@code check-config}. Empty if the file would open, does not exist, or cannot be
     * read here ({@link #open} reports those troubles itself).
     */
    public static Optional<String> refusal(Path file) {
        Objects.requireNonNull(file, "file");
        Path absolute = file.toAbsolutePath().normalize();
        if (!Files.isRegularFile(absolute) || !Files.isReadable(absolute)) {
            return Optional.empty();
        }
        SQLiteConfig config = new SQLiteConfig();
        config.resetOpenMode(SQLiteOpenMode.CREATE); // never create the file
        config.setBusyTimeout(DEFAULT_BUSY_TIMEOUT_MILLIS);
        try (Connection connection = config.createConnection("jdbc:sqlite:" + absolute)) {
            return SqliteMigrations.refusal(connection, absolute.toString());
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean addUser(String user, Instant now) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(now, "now");
        return connections.inTransaction("adding a user", c -> insertUserIfMissing(c, user, now));
    }

    @Override
    public Optional<UserRecord> findUser(String user) {
        Objects.requireNonNull(user, "user");
        // The login path starts here: if the database file was moved, deleted or replaced under a running
        // gateway, fail closed (a temporary failure for the client) rather than keep checking passwords
        // against a file the admin verbs no longer write to (a revocation would go unseen).
        identity.check();
        return connections.withConnection("looking up a user", c -> {
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT " + SqliteRows.USER_COLUMNS + " FROM users WHERE name = ?")) {
                select.setString(1, user);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(SqliteRows.user(rows)) : Optional.empty();
                }
            }
        });
    }

    /** Every user, newest first (then by name). */
    @Override
    public List<UserRecord> listUsers() {
        return connections.withConnection("listing users", c -> {
            List<UserRecord> users = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT " + SqliteRows.USER_COLUMNS + " FROM users ORDER BY created_at DESC, name");
                    ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    users.add(SqliteRows.user(rows));
                }
            }
            return List.copyOf(users);
        });
    }

    @Override
    public boolean removeUser(String user) {
        Objects.requireNonNull(user, "user");
        return connections.inTransaction("removing a user", c -> update(c, "DELETE FROM users WHERE name = ?", user) > 0);
    }

    @Override
    public boolean setSuspended(String user, Instant at) {
        Objects.requireNonNull(user, "user");
        String sql = at == null ? "UPDATE users SET suspended_at = NULL WHERE name = ? AND suspended_at IS NOT NULL"
                : "UPDATE users SET suspended_at = ? WHERE name = ? AND suspended_at IS NULL";
        return connections.inTransaction(at == null ? "resuming a user" : "suspending a user", c -> {
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
        int changed = connections.inTransaction("storing an upstream password", c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE users SET upstream_password = ? WHERE name = ?")) {
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
        return connections.withConnection("reading an upstream password", c -> {
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
        return connections.withConnection("reading an upstream consent", c -> {
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT " + SqliteRows.CONNECTION_COLUMNS + " FROM users WHERE name = ?")) {
                select.setString(1, user);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.ofNullable(SqliteRows.connection(rows)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public long connectUpstream(String user, byte[] sealedRefreshToken, Instant at) {
        Objects.requireNonNull(user, "user");
        requireSealed(sealedRefreshToken);
        Objects.requireNonNull(at, "at");
        Long version = connections.inTransaction("storing an upstream consent", c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE users SET refresh_token = ?,"
                    + " refresh_token_version = refresh_token_version + 1, connected_at = ?, needs_reconnect_at = NULL,"
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
        return connections.inTransaction("replacing a rotated refresh token", c -> {
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
        return connections.inTransaction("marking an upstream consent as needing reconnection", c -> {
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
        connections.inTransaction("creating an app password", c -> {
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
                    + SqliteRows.APP_PASSWORD_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                SqliteRows.bind(insert, record);
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
        String sql = APP_PASSWORD_SELECT + (user.isPresent() ? " WHERE user = ?" : "") + SqliteRows.NEWEST_FIRST;
        return connections.withConnection("listing app passwords", c -> {
            try (PreparedStatement select = c.prepareStatement(sql)) {
                if (user.isPresent()) {
                    select.setString(1, user.get());
                }
                List<AppPasswordRecord> found = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        found.add(SqliteRows.appPassword(rows, file));
                    }
                }
                return List.copyOf(found);
            }
        });
    }

    @Override
    public Optional<AppPasswordRecord> findAppPassword(String id) {
        Objects.requireNonNull(id, "id");
        return connections.withConnection("looking up an app password", c -> {
            try (PreparedStatement select = c.prepareStatement(APP_PASSWORD_SELECT + " WHERE id = ?")) {
                select.setString(1, id);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(SqliteRows.appPassword(rows, file)) : Optional.empty();
                }
            }
        });
    }

    /** Chunks of at most this many ids per {@code IN} list (SQLite's oldest limit is 999 parameters). */
    static final int STATES_CHUNK = 500;

    @Override
    public Map<String, AppPasswordState> states(Collection<String> ids) {
        Objects.requireNonNull(ids, "ids");
        List<String> all = List.copyOf(ids);
        if (all.isEmpty()) {
            return Map.of();
        }
        return connections.withConnection("reading the state of app passwords", c -> {
            Map<String, AppPasswordState> found = new HashMap<>();
            for (int from = 0; from < all.size(); from += STATES_CHUNK) {
                List<String> chunk = all.subList(from, Math.min(all.size(), from + STATES_CHUNK));
                String marks = String.join(",", Collections.nCopies(chunk.size(), "?"));
                try (PreparedStatement select = c.prepareStatement("SELECT a.id, a.user, a.expires_at, a.revoked_at,"
                        + " u.suspended_at FROM app_passwords a JOIN users u ON u.name = a.user"
                        + " WHERE a.id IN (" + marks + ")")) {
                    for (int i = 0; i < chunk.size(); i++) {
                        select.setString(i + 1, chunk.get(i));
                    }
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            found.put(rows.getString(1), new AppPasswordState(rows.getString(1), rows.getString(2),
                                    instantOrNull(rows, 3), instantOrNull(rows, 4), instantOrNull(rows, 5)));
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

    /**
     * A new {@link StoreRevision} for this file ({@code PRAGMA data_version} on a connection of its
     * own); the caller closes it.
     */
    public StoreRevision revision() {
        return new SqliteDataVersion(file, connections.busyTimeoutMillis());
    }

    @Override
    public boolean revokeAppPassword(String id, Instant at) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(at, "at");
        return connections.inTransaction("revoking an app password", c -> {
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
        connections.inTransaction("recording the use of an app password", c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE app_passwords SET last_used_at = ?, last_used_ip = ?"
                    + " WHERE id = ? AND (last_used_at IS NULL OR last_used_at <= ?)")) {
                update.setLong(1, at.toEpochMilli());
                update.setString(2, clientIp);
                update.setString(3, id);
                update.setLong(4, at.toEpochMilli());
                return update.executeUpdate();
            }
        });
    }

    /** Sets the tag only where none is stored; a tag another app password of the user holds is refused by the index. */
    @Override
    public void setLookupTag(String id, String tag) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tag, "tag");
        connections.inTransaction("tagging an app password", c -> {
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE app_passwords SET lookup_tag = ? WHERE id = ? AND lookup_tag IS NULL")) {
                update.setString(1, tag);
                update.setString(2, id);
                return update.executeUpdate();
            }
        });
    }

    @Override
    public void ping() {
        identity.check();
        connections.withConnection("checking the store", c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT count(*) FROM users WHERE 0");
                    ResultSet rows = select.executeQuery()) {
                return rows.next();
            }
        });
    }

    @Override
    public void close() {
        connections.close();
    }

    @Override
    public String toString() {
        return "SqliteStore[" + file + "]";
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
                "SELECT id FROM app_passwords WHERE user = ? AND label = ? AND revoked_at IS NULL")) {
            select.setString(1, user);
            select.setString(2, label);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
            }
        }
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
