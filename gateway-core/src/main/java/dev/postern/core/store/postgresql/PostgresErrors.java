package dev.postern.core.store.postgresql;

import dev.postern.core.store.StoreConflictException;
import dev.postern.core.store.StoreUnavailableException;
import java.sql.SQLException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Turns PostgreSQL failures into operator messages of the form
 * {@code store.postgresql: postgresql://db:5432/postern: <what went wrong and what to do> (while <action>)}.
 * Only the server's primary message is used, never its detail, which can quote the values of a
 * row (a constraint violation names the key it found).
 */
final class PostgresErrors {
    static final String KEY = "store.postgresql";

    private PostgresErrors() {
    }

    /** The common prefix naming the configuration key and the database. */
    static String where(String displayUrl) {
        return KEY + ": " + displayUrl;
    }

    /** A refusal by the schema (a duplicate id or label) as a conflict; anything else as the store being unavailable. */
    static RuntimeException translate(String where, String user, String action, SQLException e) {
        String state = sqlState(e);
        if (state != null && state.startsWith("23")) {
            return new StoreConflictException(where + ": " + action + " refused by the schema (" + constraint(e) + ")");
        }
        return unavailable(where, user, action, e);
    }

    static StoreUnavailableException unavailable(String where, String user, String action, SQLException e) {
        return new StoreUnavailableException(where + ": " + describe(e, user) + " (while " + action + ")", e);
    }

    static String describe(SQLException e, String user) {
        String state = sqlState(e);
        String text = primaryMessage(e);
        if (state == null) {
            return "PostgreSQL error (" + text + ")";
        }
        if (state.startsWith("08")) {
            return "cannot reach PostgreSQL (" + text + "); check that it is running and that "
                    + KEY + ".url names its host and port";
        }
        if (state.startsWith("28")) {
            return "PostgreSQL refused the sign-in of role \"" + user + "\" (" + text + "); check " + KEY + ".user, "
                    + KEY + ".password-file and pg_hba.conf";
        }
        return switch (state) {
            case "3D000" -> "the database does not exist (" + text + "); create it (createdb -O " + user
                    + " postern) or fix the database name in " + KEY + ".url";
            case "42501" -> "permission denied (" + text + "); the role \"" + user
                    + "\" must own the database, or be granted CREATE on its schema";
            case "53300" -> "PostgreSQL has no connection slot left (" + text + "); lower " + KEY
                    + ".pool-size or raise max_connections";
            case "57P01", "57P02", "57P03" -> "PostgreSQL is shutting down or starting (" + text + ")";
            default -> "PostgreSQL error " + state + " (" + text + ")";
        };
    }

    /** The first SQLSTATE along the cause chain (HikariCP wraps the driver's failure to connect). */
    static String sqlState(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }

    private static String constraint(SQLException e) {
        ServerErrorMessage server = e instanceof PSQLException psql ? psql.getServerErrorMessage() : null;
        return server != null && server.getConstraint() != null ? "constraint " + server.getConstraint() : "a constraint";
    }

    /** The server's primary message, or the driver's own text, on one line and without the detail. */
    private static String primaryMessage(SQLException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof PSQLException psql) {
                ServerErrorMessage server = psql.getServerErrorMessage();
                String text = server != null && server.getMessage() != null ? server.getMessage() : psql.getMessage();
                return firstLine(text);
            }
        }
        return firstLine(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "no message";
        }
        int end = text.indexOf('\n');
        return (end < 0 ? text : text.substring(0, end)).strip();
    }
}
