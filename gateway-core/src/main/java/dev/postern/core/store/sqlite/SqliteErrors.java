package dev.postern.core.store.sqlite;

import dev.postern.core.store.StoreUnavailableException;
import java.sql.SQLException;
import org.sqlite.SQLiteException;

/**
 * Turns SQLite failures into operator messages of the form
 * {@code store.sqlite: /var/lib/postern/postern.db: <what went wrong> (while <action>)}.
 * SQLite's own messages name no bound values, so nothing secret reaches the text.
 */
final class SqliteErrors {
    static final String KEY = "store.sqlite";

    private static final int SQLITE_PERM = 3;
    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;
    private static final int SQLITE_READONLY = 8;
    private static final int SQLITE_IOERR = 10;
    private static final int SQLITE_CORRUPT = 11;
    private static final int SQLITE_FULL = 13;
    private static final int SQLITE_CANTOPEN = 14;
    private static final int SQLITE_CONSTRAINT = 19;
    private static final int SQLITE_NOTADB = 26;

    private SqliteErrors() {
    }

    /** The common prefix naming the configuration key and the file. */
    static String where(String file) {
        return KEY + ": " + file;
    }

    static StoreUnavailableException unavailable(String file, String action, SQLException e, long busyTimeoutMillis) {
        return new StoreUnavailableException(where(file) + ": " + describe(e, busyTimeoutMillis) + " (while " + action + ")", e);
    }

    static boolean isConstraintViolation(SQLException e) {
        return primaryCode(e) == SQLITE_CONSTRAINT;
    }

    static String describe(SQLException e, long busyTimeoutMillis) {
        return switch (primaryCode(e)) {
            case SQLITE_BUSY, SQLITE_LOCKED ->
                    "database is locked by another process or thread for more than " + busyTimeoutMillis + " ms";
            case SQLITE_NOTADB -> "not a SQLite database; expected a Postern store file, or a missing or empty one";
            case SQLITE_CORRUPT -> "database file is damaged; restore a backup";
            case SQLITE_CANTOPEN -> "cannot open the database file (check that the file and its folder exist and are"
                    + " readable and writable; SQLite also creates -wal and -shm files beside it)";
            case SQLITE_READONLY -> "database is read-only (check the permissions of the file, its -wal and -shm files"
                    + " and its folder)";
            case SQLITE_PERM -> "permission denied";
            case SQLITE_FULL -> "disk is full";
            case SQLITE_IOERR -> "I/O error (" + sqliteText(e) + ")";
            default -> "SQLite error (" + sqliteText(e) + ")";
        };
    }

    static int primaryCode(SQLException e) {
        if (e instanceof SQLiteException sqlite) {
            return sqlite.getResultCode().code & 0xFF;
        }
        return e.getErrorCode() & 0xFF;
    }

    private static String sqliteText(SQLException e) {
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
    }
}
