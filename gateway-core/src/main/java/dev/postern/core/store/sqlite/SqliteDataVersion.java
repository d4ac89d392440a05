package dev.postern.core.store.sqlite;

import dev.postern.core.store.StoreRevision;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;

/**
 * {@code PRAGMA data_version} on a connection of its own, outside the pool: SQLite changes the value
 * this connection reads whenever another connection (of this process or of another one, such as the
 * command line) has committed a change to the file since the last read. The connection never writes,
 * so its own statements never move it. Opened lazily and reopened after an error; used by one thread
 * at a time (the revocation watch).
 */
final class SqliteDataVersion implements StoreRevision {

    private final String file;
    private final int busyTimeoutMillis;
    private Connection connection;

    SqliteDataVersion(String file, int busyTimeoutMillis) {
        this.file = file;
        this.busyTimeoutMillis = busyTimeoutMillis;
    }

    @Override
    public synchronized long current() {
        try {
            if (connection == null) {
                SQLiteConfig config = new SQLiteConfig();
                config.setBusyTimeout(busyTimeoutMillis);
                connection = config.createConnection("jdbc:sqlite:" + file);
            }
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("PRAGMA data_version")) {
                return rows.next() ? rows.getLong(1) : 0;
            }
        } catch (SQLException e) {
            close();
            throw SqliteErrors.unavailable(file, "watching for changes", e, busyTimeoutMillis);
        }
    }

    @Override
    public synchronized void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // best effort; a new connection is opened at the next read
            }
            connection = null;
        }
    }
}
