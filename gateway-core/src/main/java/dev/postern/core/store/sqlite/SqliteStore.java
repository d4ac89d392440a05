package dev.postern.core.store.sqlite;

import dev.postern.core.store.CredentialStore;
import dev.postern.core.store.StoreRevision;
import dev.postern.core.store.StoreSchemaTooNewException;
import dev.postern.core.store.StoreUnavailableException;
import dev.postern.core.store.jdbc.JdbcStore;
import dev.postern.core.store.jdbc.SqlWork;
import dev.postern.core.store.jdbc.StoreMigrations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
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
public final class SqliteStore extends JdbcStore {
    public static final int DEFAULT_MAX_CONNECTIONS = 4;
    public static final int DEFAULT_BUSY_TIMEOUT_MILLIS = 5000;

    private final String file;
    private final SqliteConnections connections;
    private final SqliteFileIdentity identity;

    private SqliteStore(String file, SqliteConnections connections, SqliteFileIdentity identity,
                        StoreMigrations.Outcome migration) {
        super(migration);
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
        StoreMigrations.Outcome migration;
        try {
            migration = SqliteMigrations.migrate(connections, name);
        } catch (RuntimeException e) {
            connections.close();
            throw e;
        }
        return new SqliteStore(name, connections, SqliteFileIdentity.of(absolute), migration);
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
    protected <T> T read(String action, SqlWork<T> work) {
        return connections.withConnection(action, work);
    }

    @Override
    protected <T> T write(String action, SqlWork<T> work) {
        return connections.inTransaction(action, work);
    }

    @Override
    protected String where() {
        return SqliteErrors.where(file);
    }

    /** Newest first; rowid breaks ties between rows created in the same millisecond. */
    @Override
    protected String newestFirst() {
        return " ORDER BY created_at DESC, rowid DESC";
    }

    /**
     * If the database file was moved, deleted or replaced under a running gateway, fail closed (a
     * temporary failure for the client) rather than keep checking passwords against a file the admin
     * verbs no longer write to (a revocation would go unseen).
     */
    @Override
    protected void checkLocation() {
        identity.check();
    }

    /**
     * A new {@link StoreRevision} for this file ({@code PRAGMA data_version} on a connection of its
     * own); the caller closes it.
     */
    @Override
    public StoreRevision revision() {
        return new SqliteDataVersion(file, connections.busyTimeoutMillis());
    }

    @Override
    public void close() {
        connections.close();
    }

    @Override
    public String toString() {
        return "SqliteStore[" + file + "]";
    }
}
