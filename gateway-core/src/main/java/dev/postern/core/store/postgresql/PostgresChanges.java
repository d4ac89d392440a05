package dev.postern.core.store.postgresql;

import dev.postern.core.store.StoreRevision;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * The store's revision as seen through {@code LISTEN postern_store_changes} on a connection of its
 * own, outside the pool: the schema's triggers notify that channel when a transaction that changes
 * an app password or a user commits (not when a login's last use is recorded). Each read asks the
 * server for what arrived since the last one and counts it. When the connection is lost, reads fail
 * ({@link dev.postern.core.store.StoreUnavailableException}) until a new one listens; the revision
 * then moves as well, because notifications sent in between are gone and every reader must re-read
 * everything (a full resync). Used by one thread at a time (the revocation watch).
 */
final class PostgresChanges implements StoreRevision {

    /** The channel the schema's triggers notify (see the PostgreSQL migration scripts). */
    static final String CHANNEL = "postern_store_changes";

    private final String url;
    private final String user;
    private final Properties properties;
    private final String where;
    private Connection connection;
    private long revision;

    PostgresChanges(String url, String user, Properties properties, String where) {
        this.url = url;
        this.user = user;
        this.properties = properties;
        this.where = where;
    }

    @Override
    public synchronized long current() {
        try {
            if (connection == null) {
                connection = DriverManager.getConnection(url, properties);
                execute("LISTEN " + CHANNEL);
                revision++; // (re)connected: whatever was sent meanwhile is lost, so everything counts as changed
            }
            execute("SELECT 1"); // reads what the server sent since the last statement, notifications included
            PGNotification[] received = connection.unwrap(PGConnection.class).getNotifications();
            if (received != null && received.length > 0) {
                revision++;
            }
            return revision;
        } catch (SQLException e) {
            close();
            throw PostgresErrors.unavailable(where, user, "listening for changes", e);
        }
    }

    private void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    @Override
    public synchronized void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // best effort; a new connection listens at the next read
            }
            connection = null;
        }
    }
}
