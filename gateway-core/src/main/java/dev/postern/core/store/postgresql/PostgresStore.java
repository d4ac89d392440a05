package dev.postern.core.store.postgresql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.postern.core.config.PostgresqlConfig;
import dev.postern.core.store.StoreRevision;
import dev.postern.core.store.StoreUnavailableException;
import dev.postern.core.store.jdbc.JdbcStore;
import dev.postern.core.store.jdbc.SqlWork;
import dev.postern.core.store.jdbc.StoreMigrations;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * The {@link dev.postern.core.store.CredentialStore} in a PostgreSQL database (13 or newer) that
 * several gateways and the command line share with no coordination besides it.
 *
 * <p><b>Connections.</b> A HikariCP pool of up to {@code store.postgresql.pool-size} connections per
 * process; a thread borrows one for a single operation. A connection that cannot be had within
 * {@link #CONNECTION_TIMEOUT} is a {@link StoreUnavailableException} (logins get the temporary
 * refusal, {@code /readyz} says why), and the pool keeps trying to reconnect by itself, so the
 * gateway recovers when the database is back. Changes run in one transaction each at read committed:
 * every compare-and-set is a single {@code UPDATE ... WHERE}, and the unique indexes refuse a
 * duplicate id or active label whichever gateway commits second.
 *
 * <p><b>Schema.</b> {@link #open} applies the Flyway migrations in {@code db/postern/postgresql}
 * (PostgreSQL takes the advisory lock, so gateways starting together migrate once); a database
 * written by a newer Postern is refused. The schema's triggers notify {@value PostgresChanges#CHANNEL}
 * on every change that matters to a login or a live session ({@link #revision()}).
 */
public final class PostgresStore extends JdbcStore {

    /** How long a statement waits for a pooled connection before the store counts as unavailable. */
    public static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(1);

    private final PostgresqlConfig config;
    private final String where;
    private final HikariDataSource pool;

    private PostgresStore(PostgresqlConfig config, String where, HikariDataSource pool, StoreMigrations.Outcome migration) {
        super(migration);
        this.config = config;
        this.where = where;
        this.pool = pool;
    }

    /**
     * Connects, migrating the schema to the newest version.
     *
     * @throws StoreUnavailableException if the database cannot be reached or migrated now (the message
     *                                   says why and what to check)
     * @throws dev.postern.core.store.StoreSchemaTooNewException if a newer Postern wrote it
     */
    public static PostgresStore open(PostgresqlConfig config) {
        Objects.requireNonNull(config, "config");
        String where = PostgresErrors.where(config.displayUrl());
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("postern-store");
        hikari.setJdbcUrl(config.url());
        hikari.setUsername(config.user());
        if (config.password() != null) {
            hikari.setPassword(config.password().reveal());
        }
        hikari.setMaximumPoolSize(config.poolSize());
        hikari.setMinimumIdle(Math.min(2, config.poolSize()));
        hikari.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
        hikari.setInitializationFailTimeout(-1); // connect on first use: the migration below reports a failure itself
        hikari.setDataSourceProperties(driverProperties("postern"));
        HikariDataSource pool = new HikariDataSource(hikari);
        try {
            StoreMigrations.Outcome migration = migrate(pool, where, config.user());
            return new PostgresStore(config, where, pool, migration);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /**
     * Why {@link #open} would refuse the database now (unreachable, sign-in refused, a schema written by
     * a newer Postern), found with one connection of its own that writes nothing: for
     * {@code check-config}. Empty when it would open (a database still to be created or migrated
     * included).
     */
    public static Optional<String> refusal(PostgresqlConfig config) {
        Objects.requireNonNull(config, "config");
        String where = PostgresErrors.where(config.displayUrl());
        Properties properties = driverProperties("postern-check");
        properties.setProperty("user", config.user());
        if (config.password() != null) {
            properties.setProperty("password", config.password().reveal());
        }
        try (Connection connection = DriverManager.getConnection(config.url(), properties)) {
            StoreMigrations.recordedVersion(connection, where);
            return Optional.empty();
        } catch (SQLException e) {
            return Optional.of(PostgresErrors.unavailable(where, config.user(), "checking the store", e).getMessage());
        } catch (StoreUnavailableException e) {
            return Optional.of(e.getMessage());
        }
    }

    private static StoreMigrations.Outcome migrate(HikariDataSource pool, String where, String user) {
        boolean upToDate;
        try (Connection connection = pool.getConnection()) {
            upToDate = StoreMigrations.recordedVersion(connection, where).orElse(0) == StoreMigrations.LATEST;
        } catch (SQLException e) {
            throw PostgresErrors.unavailable(where, user, "opening the store", e);
        }
        if (upToDate) {
            return new StoreMigrations.Outcome(StoreMigrations.LATEST, StoreMigrations.LATEST);
        }
        return StoreMigrations.migrate(pool, "postgresql", List.of(), 0, where);
    }

    /**
     * pgjdbc's options: bounded connect and socket waits, TCP keep-alive, a name in
     * {@code pg_stat_activity}, and no server detail in exception messages (it can quote row values).
     */
    private static Properties driverProperties(String applicationName) {
        Properties properties = new Properties();
        properties.setProperty("ApplicationName", applicationName);
        properties.setProperty("connectTimeout", "5");
        properties.setProperty("socketTimeout", "30");
        properties.setProperty("tcpKeepAlive", "true");
        properties.setProperty("logServerErrorDetail", "false");
        return properties;
    }

    @Override
    protected <T> T read(String action, SqlWork<T> work) {
        try (Connection connection = pool.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw PostgresErrors.translate(where, config.user(), action, e);
        }
    }

    @Override
    protected <T> T write(String action, SqlWork<T> work) {
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            boolean committed = false;
            try {
                T result = work.run(connection);
                connection.commit();
                committed = true;
                return result;
            } finally {
                if (!committed) {
                    rollbackQuietly(connection);
                }
            }
        } catch (SQLException e) {
            throw PostgresErrors.translate(where, config.user(), action, e);
        }
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the pool discards a broken connection; nothing was committed
        }
    }

    @Override
    protected String where() {
        return where;
    }

    /** Newest first; the insertion sequence breaks ties between rows created in the same millisecond. */
    @Override
    protected String newestFirst() {
        return " ORDER BY created_at DESC, seq DESC";
    }

    /** A new {@link StoreRevision} listening on a connection of its own; the caller closes it. */
    @Override
    public StoreRevision revision() {
        Properties properties = driverProperties("postern-listen");
        properties.setProperty("user", config.user());
        if (config.password() != null) {
            properties.setProperty("password", config.password().reveal());
        }
        properties.setProperty("socketTimeout", "10");
        return new PostgresChanges(config.url(), config.user(), properties, where);
    }

    @Override
    public void close() {
        pool.close();
    }

    @Override
    public String toString() {
        return "PostgresStore[" + config.displayUrl() + "]";
    }
}
