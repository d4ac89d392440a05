package dev.postern.core.store.sqlite;

import dev.postern.core.store.StoreConflictException;
import dev.postern.core.store.StoreUnavailableException;
import dev.postern.core.store.jdbc.SqlWork;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.sqlite.SQLiteConfig;

/**
 * A small bounded pool of SQLite connections to one file, each configured the same way
 * (busy timeout, WAL journal, foreign keys on, synchronous NORMAL).
 *
 * <p>A connection is lent to one thread at a time ({@link #withConnection}); JDBC auto-commit stays on,
 * and write transactions are explicit {@code BEGIN IMMEDIATE ... COMMIT} statements
 * ({@link #inTransaction}), so an idle pooled connection never holds a lock or an old read snapshot.
 * {@code BEGIN IMMEDIATE} takes the write lock up front (waiting up to the busy timeout), which rules
 * out the "read then upgrade to write" deadlock between processes. A connection that saw any
 * {@link SQLException} is closed instead of being returned, so the pool never reuses one in an
 * unknown state.
 */
final class SqliteConnections implements AutoCloseable {

    private final String file;
    private final int busyTimeoutMillis;
    private final Semaphore permits;
    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    SqliteConnections(String file, int maxConnections, int busyTimeoutMillis) {
        this.file = file;
        this.busyTimeoutMillis = busyTimeoutMillis;
        this.permits = new Semaphore(maxConnections, true);
    }

    int busyTimeoutMillis() {
        return busyTimeoutMillis;
    }

    /** Runs {@code work} on a pooled connection in auto-commit mode (each statement on its own). */
    <T> T withConnection(String action, SqlWork<T> work) {
        Connection connection = borrow(action);
        boolean healthy = false;
        try {
            T result = work.run(connection);
            healthy = true;
            return result;
        } catch (SQLException e) {
            if (SqliteErrors.isConstraintViolation(e)) {
                throw new StoreConflictException(SqliteErrors.where(file) + ": " + action + " refused by the schema ("
                        + e.getMessage() + ")");
            }
            throw SqliteErrors.unavailable(file, action, e, busyTimeoutMillis);
        } finally {
            giveBack(connection, healthy);
        }
    }

    /** Runs {@code work} in one write transaction: all of it is committed, or none of it. */
    <T> T inTransaction(String action, SqlWork<T> work) {
        return withConnection(action, connection -> inTransaction(connection, work));
    }

    /** Runs {@code work} between {@code BEGIN IMMEDIATE} and {@code COMMIT} on a connection already held. */
    static <T> T inTransaction(Connection connection, SqlWork<T> work) throws SQLException {
        execute(connection, "BEGIN IMMEDIATE");
        boolean committed = false;
        try {
            T result = work.run(connection);
            execute(connection, "COMMIT");
            committed = true;
            return result;
        } finally {
            if (!committed) {
                rollbackQuietly(connection);
            }
        }
    }

    static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            execute(connection, "ROLLBACK");
        } catch (SQLException ignored) {
            // Nothing left to undo (SQLite may already have rolled back); the caller discards the connection.
        }
    }

    private Connection borrow(String action) {
        ensureOpen(action);
        try {
            if (!permits.tryAcquire(busyTimeoutMillis, TimeUnit.MILLISECONDS)) {
                throw new StoreUnavailableException(SqliteErrors.where(file) + ": every connection was busy for more than "
                        + busyTimeoutMillis + " ms (while " + action + ")");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException(SqliteErrors.where(file) + ": interrupted while waiting for a connection"
                    + " (while " + action + ")", e);
        }
        Connection connection = idle.pollFirst();
        if (connection != null) {
            return connection;
        }
        try {
            return open();
        } catch (SQLException e) {
            permits.release();
            throw SqliteErrors.unavailable(file, action, e, busyTimeoutMillis);
        }
    }

    private void giveBack(Connection connection, boolean healthy) {
        if (healthy && !closed) {
            idle.offerFirst(connection);
        } else {
            closeQuietly(connection);
        }
        permits.release();
        if (closed) {
            drainIdle();
        }
    }

    private Connection open() throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(busyTimeoutMillis);
        Connection connection = config.createConnection("jdbc:sqlite:" + file);
        try {
            String mode = switchToWal(connection);
            if (!"wal".equalsIgnoreCase(mode)) {
                throw new StoreUnavailableException(SqliteErrors.where(file) + ": cannot switch to the WAL journal (SQLite"
                        + " kept \"" + mode + "\"; is the folder on a network file system?)");
            }
            execute(connection, "PRAGMA foreign_keys = ON");
            execute(connection, "PRAGMA synchronous = NORMAL");
            return connection;
        } catch (SQLException | RuntimeException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    /**
     * Switching a new file to WAL needs a moment of exclusive access, and SQLite answers BUSY at once,
     * without its busy handler, when another connection (another process starting, say) holds the file
     * just then. Retry for up to the busy timeout instead of failing a start-up that merely raced.
     */
    private String switchToWal(Connection connection) throws SQLException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(busyTimeoutMillis);
        while (true) {
            try {
                return pragma(connection, "PRAGMA journal_mode = WAL");
            } catch (SQLException e) {
                if (!isBusy(e) || System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    static boolean isBusy(SQLException e) {
        int primary = e.getErrorCode() & 0xff;
        return primary == 5 || primary == 6; // SQLITE_BUSY, SQLITE_LOCKED
    }

    private static String pragma(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getString(1) : "";
        }
    }

    private void ensureOpen(String action) {
        if (closed) {
            throw new StoreUnavailableException(SqliteErrors.where(file) + ": store is closed (while " + action + ")");
        }
    }

    private void drainIdle() {
        Connection connection;
        while ((connection = idle.pollFirst()) != null) {
            closeQuietly(connection);
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // Closing is best effort; SQLite releases the file handle regardless.
        }
    }

    /** Closes idle connections now and lent ones when they come back. */
    @Override
    public void close() {
        closed = true;
        drainIdle();
    }
}
