package dev.postern.core.store.sqlite;

import dev.postern.core.identity.UserNames;
import dev.postern.core.store.StoreSchemaTooNewException;
import dev.postern.core.store.StoreUnavailableException;
import dev.postern.core.store.jdbc.StoreMigrations;
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
import javax.sql.DataSource;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The schema of the SQLite store: Flyway applies the scripts in {@code db/postern/sqlite} and
 * {@link FoldUserNames} ({@link StoreMigrations}). Before Flyway, a file's version lived only in
 * {@code PRAGMA user_version}; a file without Flyway's history is taken up at that version (its
 * baseline). {@code user_version} is still set to the schema version after every migration, so an
 * older Postern, which reads only that, refuses a newer file instead of writing to it. Flyway's
 * connection opens its transactions with {@code BEGIN IMMEDIATE}, so two processes opening a fresh
 * file at once wait for each other and migrate it exactly once.
 */
final class SqliteMigrations {

    /** The migration that folds stored user names to the case-insensitive form of {@link UserNames}. */
    static final int FOLD_USER_NAMES = 3;

    private SqliteMigrations() {
    }

    /** The newest schema version this build knows. */
    static int latestVersion() {
        return StoreMigrations.LATEST;
    }

    /**
     * Brings the file up to {@link #latestVersion()}.
     *
     * @throws StoreSchemaTooNewException if the file is newer than this build
     */
    static StoreMigrations.Outcome migrate(SqliteConnections connections, String file) {
        String where = SqliteErrors.where(file);
        int baseline = connections.withConnection("opening the store", c -> {
            int version = userVersion(c);
            refuseIfTooNew(version, file);
            if (!tableExists(c, StoreMigrations.HISTORY_TABLE)) {
                if (version == 0) {
                    refuseForeignDatabase(c, file);
                }
                return version;
            }
            return StoreMigrations.recordedVersion(c, where).orElse(0) == latestVersion() && version == latestVersion()
                    ? -1 : 0;
        });
        if (baseline < 0) {
            return new StoreMigrations.Outcome(latestVersion(), latestVersion()); // up to date: Flyway is not needed
        }
        StoreMigrations.Outcome outcome = StoreMigrations.migrate(dataSource(file, connections.busyTimeoutMillis()),
                "sqlite", List.of(new FoldUserNames(file)), baseline, where);
        connections.withConnection("recording the schema version", c -> {
            if (userVersion(c) < outcome.after()) {
                SqliteConnections.execute(c, "PRAGMA user_version = " + outcome.after());
            }
            return null;
        });
        return outcome;
    }

    /** Flyway's connections: foreign keys enforced, every transaction taking the write lock up front. */
    private static DataSource dataSource(String file, int busyTimeoutMillis) {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(busyTimeoutMillis);
        config.enforceForeignKeys(true);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl("jdbc:sqlite:" + file);
        return dataSource;
    }

    /** Migration 3 as Flyway runs it: see {@link #foldUserNames}. */
    static final class FoldUserNames implements JavaMigration {
        private final String file;

        FoldUserNames(String file) {
            this.file = file;
        }

        @Override
        public MigrationVersion getVersion() {
            return MigrationVersion.fromVersion(Integer.toString(FOLD_USER_NAMES));
        }

        @Override
        public String getDescription() {
            return "user names folded to lower case";
        }

        /** Fixed: the migration has shipped and never changes. */
        @Override
        public Integer getChecksum() {
            return FOLD_USER_NAMES;
        }

        @Override
        public boolean canExecuteInTransaction() {
            return true;
        }

        @Override
        public void migrate(Context context) throws SQLException {
            foldUserNames(context.getConnection(), file);
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
            throw StoreMigrations.tooNew(SqliteErrors.where(file), version);
        }
    }

    private static boolean tableExists(Connection connection, String table) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")) {
            select.setString(1, table);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next();
            }
        }
    }
}
