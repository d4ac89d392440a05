package dev.postern.core.store.sqlite;

import dev.postern.core.store.StoreSchemaTooNewException;
import dev.postern.core.store.StoreUnavailableException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
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

    /** One schema step: the statements that take the file from {@code version - 1} to {@code version}. */
    record Migration(int version, String description, List<String> statements) {
    }

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
                            + " WHERE lookup_tag IS NOT NULL")));

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
                SqliteConnections.execute(c, "PRAGMA user_version = " + migration.version());
                return true;
            });
            if (applied) {
                LOG.info("store.sqlite: {}: applied schema migration {} ({})", file, migration.version(),
                        migration.description());
            }
        }
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
