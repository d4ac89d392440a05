package dev.postern.core.store.sqlite;

import dev.postern.core.identity.UserNames;
import dev.postern.core.store.StoreSchemaTooNewException;
import dev.postern.core.store.StoreUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schema of the SQLite store as an ordered list of migrations. The file's version lives in
 * {@code PRAGMA user_version}; each missing migration is applied in its own {@code BEGIN IMMEDIATE}
 * transaction together with the version bump, so a crash leaves the file at a whole version and two
 * processes opening a fresh file at once migrate it exactly once. Append new migrations; never edit
 * one that has shipped.
 */
final class SqliteMigrations {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteMigrations.class);

    /** Work of a migration that SQL alone cannot do, run after its statements in the same transaction. */
    @FunctionalInterface
    interface Step {
        void apply(Connection connection, String file) throws SQLException;
    }

    /**
     * One schema step: the statements, then the step if any, that take the file from {@code version - 1}
     * to {@code version}.
     */
    record Migration(int version, String description, List<String> statements, Step step) {
        Migration(int version, String description, List<String> statements) {
            this(version, description, statements, null);
        }
    }

    /** The migration that folds stored user names to the case-insensitive form of {@link UserNames}. */
    static final int FOLD_USER_NAMES = 3;

    static final List<Migration> ALL = List.of(
            new Migration(1, "users and app passwords", List.of(
                    """
                    CREATE TABLE users (
                        name TEXT PRIMARY KEY,
                        created_at INTEGER NOT NULL,
                        upstream_password BLOB NULL
                    )""",
                    """
                    CREATE TABLE app_passwords (
                        id TEXT PRIMARY KEY,
                        user TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,
                        label TEXT NOT NULL,
                        scopes TEXT NOT NULL,
                        hash TEXT NOT NULL,
                        created_at INTEGER NOT NULL,
                        expires_at INTEGER NULL,
                        last_used_at INTEGER NULL,
                        last_used_ip TEXT NULL,
                        revoked_at INTEGER NULL
                    )""",
                    "CREATE UNIQUE INDEX app_passwords_active_label ON app_passwords(user, label) WHERE revoked_at IS NULL",
                    "CREATE INDEX app_passwords_user ON app_passwords(user)")),
            new Migration(2, "lookup tags of app passwords", List.of(
                    "ALTER TABLE app_passwords ADD COLUMN lookup_tag TEXT NULL",
                    "CREATE UNIQUE INDEX app_passwords_user_tag ON app_passwords(user, lookup_tag)"
                            + " WHERE lookup_tag IS NOT NULL")),
            new Migration(FOLD_USER_NAMES, "user names folded to lower case", List.of(),
                    SqliteMigrations::foldUserNames),
            new Migration(4, "users' upstream consent (sealed refresh token, its version and state)", List.of(
                    "ALTER TABLE users ADD COLUMN refresh_token BLOB NULL",
                    "ALTER TABLE users ADD COLUMN refresh_token_version INTEGER NOT NULL DEFAULT 0",
                    "ALTER TABLE users ADD COLUMN connected_at INTEGER NULL",
                    "ALTER TABLE users ADD COLUMN needs_reconnect_at INTEGER NULL",
                    "ALTER TABLE users ADD COLUMN needs_reconnect_reason TEXT NULL")),
            new Migration(5, "users' suspension", List.of(
                    "ALTER TABLE users ADD COLUMN suspended_at INTEGER NULL")));

    static {
        for (int i = 0; i < ALL.size(); i++) {
            if (ALL.get(i).version() != i + 1) {
                throw new IllegalStateException("migration " + i + " has version " + ALL.get(i).version()
                        + " (expected: " + (i + 1) + ")");
            }
        }
    }

    private SqliteMigrations() {
    }

    /** The newest schema version this build knows. */
    static int latestVersion() {
        return ALL.size();
    }

    /**
     * Brings the file up to {@link #latestVersion()}.
     *
     * @throws StoreSchemaTooNewException if the file is newer than this build
     */
    static void migrate(Connection connection, String file) throws SQLException {
        refuseIfTooNew(userVersion(connection), file);
        for (Migration migration : ALL) {
            if (userVersion(connection) >= migration.version()) {
                continue;
            }
            boolean applied = SqliteConnections.inTransaction(connection, c -> {
                int current = userVersion(c);
                refuseIfTooNew(current, file);
                if (current >= migration.version()) {
                    return false; // another process got there while we waited for the write lock
                }
                if (current == 0) {
                    refuseForeignDatabase(c, file);
                }
                for (String sql : migration.statements()) {
                    SqliteConnections.execute(c, sql);
                }
                if (migration.step() != null) {
                    migration.step().apply(c, file);
                }
                SqliteConnections.execute(c, "PRAGMA user_version = " + migration.version());
                return true;
            });
            if (applied) {
                LOG.info("store.sqlite: {}: applied schema migration {} ({})", file, migration.version(),
                        migration.description());
            }
        }
    }

    /**
     * Why {@link #migrate} would refuse the file behind {@code connection}, found without writing: a
     * schema newer than this build, or user names that folding would merge. Empty when it would not.
     */
    static Optional<String> refusal(Connection connection, String file) throws SQLException {
        int version = userVersion(connection);
        try {
            refuseIfTooNew(version, file);
            if (version >= 1 && version < FOLD_USER_NAMES) {
                refuseCollisions(namesByFold(connection), file);
            }
        } catch (StoreUnavailableException e) {
            return Optional.of(e.getMessage());
        }
        return Optional.empty();
    }

    /**
     * Migration 3: user names were stored with only their domain lower-cased; {@link UserNames} now folds
     * the whole name. Every stored name (users, and the app passwords keyed by them) is rewritten in its
     * folded form, unless two names fold to the same one: then nothing is changed and the store is
     * refused, naming them, as merging two users would give one the other's app passwords. A stored
     * name that is not valid at all is left as it is (no login can reach it).
     */
    private static void foldUserNames(Connection connection, String file) throws SQLException {
        Map<String, List<String>> byFold = namesByFold(connection);
        refuseCollisions(byFold, file);
        // The users' names are the app passwords' foreign key: checked at COMMIT, once both are rewritten.
        SqliteConnections.execute(connection, "PRAGMA defer_foreign_keys = ON");
        try (PreparedStatement users = connection.prepareStatement("UPDATE users SET name = ? WHERE name = ?");
                PreparedStatement appPasswords = connection.prepareStatement(
                        "UPDATE app_passwords SET user = ? WHERE user = ?")) {
            for (Map.Entry<String, List<String>> entry : byFold.entrySet()) {
                String folded = entry.getKey();
                String stored = entry.getValue().get(0);
                if (stored.equals(folded)) {
                    continue;
                }
                for (PreparedStatement update : List.of(users, appPasswords)) {
                    update.setString(1, folded);
                    update.setString(2, stored);
                    update.executeUpdate();
                }
            }
        }
    }

    /** Every stored user name (of a user or an app password), grouped by its folded form, in order. */
    private static Map<String, List<String>> namesByFold(Connection connection) throws SQLException {
        Map<String, List<String>> byFold = new TreeMap<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT name FROM users UNION SELECT user FROM app_passwords ORDER BY 1")) {
            while (rows.next()) {
                String stored = rows.getString(1);
                byFold.computeIfAbsent(UserNames.normalise(stored).orElse(stored), k -> new ArrayList<>()).add(stored);
            }
        }
        return byFold;
    }

    private static void refuseCollisions(Map<String, List<String>> byFold, String file) {
        List<List<String>> collisions = byFold.values().stream().filter(names -> names.size() > 1).toList();
        if (collisions.isEmpty()) {
            return;
        }
        String groups = collisions.stream().map(SqliteMigrations::quotedList).collect(Collectors.joining("; "));
        List<String> first = collisions.get(0);
        String example = first.stream().filter(name -> !byFold.containsKey(name)).findFirst().orElse(first.get(0));
        throw new StoreUnavailableException(SqliteErrors.where(file) + ": user names " + groups
                + " differ only in case, and this Postern treats user names case-insensitively; before upgrading,"
                + " keep one of each and remove the others (their app passwords go with them) with"
                + " \"postern users remove NAME\" of the Postern version you upgrade from, or in sqlite3 " + file
                + ", for example: PRAGMA foreign_keys = ON; DELETE FROM users WHERE name = '" + example.replace("'", "''") + "';");
    }

    private static String quotedList(List<String> names) {
        List<String> quoted = names.stream().map(name -> "\"" + UserNames.printable(name) + "\"").toList();
        return String.join(", ", quoted.subList(0, quoted.size() - 1)) + " and " + quoted.get(quoted.size() - 1);
    }

    static int userVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("PRAGMA user_version")) {
            return rows.next() ? rows.getInt(1) : 0;
        }
    }

    /** A file at version 0 that already has tables belongs to some other program: leave it alone. */
    private static void refuseForeignDatabase(Connection connection, String file) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")) {
            int tables = rows.next() ? rows.getInt(1) : 0;
            if (tables > 0) {
                throw new StoreUnavailableException(SqliteErrors.where(file) + ": a SQLite database with " + tables
                        + " table(s) but no Postern schema version (expected: a Postern store file, or a missing or"
                        + " empty file)");
            }
        }
    }

    private static void refuseIfTooNew(int version, String file) {
        if (version > latestVersion()) {
            throw new StoreSchemaTooNewException(SqliteErrors.where(file) + ": schema version " + version
                    + " was written by a newer Postern (this one knows up to " + latestVersion()
                    + "); upgrade Postern or restore a backup", version, latestVersion());
        }
    }
}
