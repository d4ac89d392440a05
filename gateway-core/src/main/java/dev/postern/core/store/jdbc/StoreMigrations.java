package dev.postern.core.store.jdbc;

import dev.postern.core.store.StoreSchemaTooNewException;
import dev.postern.core.store.StoreUnavailableException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.OptionalInt;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.JavaMigration;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Schema migrations of every backend, run by Flyway from {@code db/postern/<backend>} on the class
 * path (SQL scripts) plus the backend's Java migrations. Versions are numbered alike in every backend:
 * version N means the same logical schema in SQLite and in PostgreSQL. A store whose schema is newer
 * than {@link #LATEST} was written by a newer Postern and is refused before anything is changed.
 * Append new migrations; never edit one that has shipped.
 */
public final class StoreMigrations {

    /** The newest schema version this build knows. */
    public static final int LATEST = 10;

    /** Flyway's table of applied migrations, in the store itself. */
    public static final String HISTORY_TABLE = "flyway_schema_history";

    private static final Logger LOG = LoggerFactory.getLogger(StoreMigrations.class);

    /** The schema version a store had before {@link #migrate} and has after it; equal when nothing was applied. */
    public record Outcome(int before, int after) {
        public boolean applied() {
            return after != before;
        }
    }

    private StoreMigrations() {
    }

    /**
     * Brings the store behind {@code dataSource} to {@link #LATEST}.
     *
     * @param backend          the folder of the backend's scripts under {@code db/postern}
     * @param javaMigrations   migrations that SQL alone cannot do
     * @param baselineVersion  for a store migrated before Flyway kept its history (SQLite's
     *                         {@code user_version}): the version it is at; 0 for none
     * @param where            the configuration key and the store's location, the start of every message
     * @throws StoreSchemaTooNewException if the store is newer than this build
     * @throws StoreUnavailableException  if a migration fails; a Java migration's own
     *                                    {@link StoreUnavailableException} is passed on as it is
     */
    public static Outcome migrate(DataSource dataSource, String backend, List<JavaMigration> javaMigrations,
                                  int baselineVersion, String where) {
        var configuration = Flyway.configure(StoreMigrations.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/postern/" + backend)
                .javaMigrations(javaMigrations.toArray(JavaMigration[]::new))
                .table(HISTORY_TABLE)
                .cleanDisabled(true)
                .validateMigrationNaming(true);
        if (baselineVersion > 0) {
            configuration.baselineOnMigrate(true)
                    .baselineVersion(MigrationVersion.fromVersion(Integer.toString(baselineVersion)))
                    .baselineDescription("store at schema version " + baselineVersion + " before Flyway kept its history");
        }
        Flyway flyway = configuration.load();
        try {
            refuseIfTooNew(flyway, where);
            MigrateResult result = flyway.migrate();
            int before = version(result.initialSchemaVersion, baselineVersion);
            int after = version(result.targetSchemaVersion, before);
            if (result.migrationsExecuted > 0) {
                LOG.info("{}: applied {} schema migration(s), from version {} to {}", where, result.migrationsExecuted,
                        before, after);
            }
            return new Outcome(before, after);
        } catch (FlywayException e) {
            throw unavailable(e, where);
        }
    }

    /**
     * The newest version Flyway recorded as applied in the store behind {@code connection}, read without
     * loading Flyway (which costs a command-line start more than a second): when it is {@link #LATEST}
     * the store needs no migration. Empty when the store has no history table yet.
     *
     * @throws StoreSchemaTooNewException if it is newer than this build
     */
    public static OptionalInt recordedVersion(Connection connection, String where) throws SQLException {
        int newest = 0;
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT version FROM " + HISTORY_TABLE + " WHERE success")) {
            while (rows.next()) {
                newest = Math.max(newest, version(rows.getString(1), 0));
            }
        } catch (SQLException e) {
            if (!hasHistoryTable(connection)) {
                return OptionalInt.empty();
            }
            throw e;
        }
        if (newest > LATEST) {
            throw tooNew(where, newest);
        }
        return OptionalInt.of(newest);
    }

    private static boolean hasHistoryTable(Connection connection) throws SQLException {
        try (ResultSet tables = connection.getMetaData().getTables(null, null, HISTORY_TABLE, null)) {
            return tables.next();
        }
    }

    private static void refuseIfTooNew(Flyway flyway, String where) {
        MigrationInfo current = flyway.info().current();
        if (current == null || current.getVersion() == null) {
            return;
        }
        int found = version(current.getVersion().getVersion(), 0);
        if (found > LATEST) {
            throw tooNew(where, found);
        }
    }

    /** The refusal of a store at {@code found}, newer than this build. */
    public static StoreSchemaTooNewException tooNew(String where, int found) {
        return new StoreSchemaTooNewException(where + ": schema version " + found
                + " was written by a newer Postern (this one knows up to " + LATEST
                + "); upgrade Postern or restore a backup", found, LATEST);
    }

    private static int version(String text, int otherwise) {
        if (text == null || text.isEmpty()) {
            return otherwise;
        }
        try {
            return Integer.parseInt(text.split("\\.", 2)[0]);
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    /** A migration's own refusal as it is; anything else named with the store and Flyway's first line. */
    private static StoreUnavailableException unavailable(FlywayException e, String where) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof StoreUnavailableException refusal) {
                return refusal;
            }
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        int lineEnd = message.indexOf('\n');
        String first = lineEnd < 0 ? message : message.substring(0, lineEnd).strip();
        return new StoreUnavailableException(where + ": schema migration failed: " + first, e);
    }
}
