package dev.postern.core.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where users and app passwords are kept: one SQLite file ({@code store.sqlite}, the default), or a
 * PostgreSQL database that several gateways share ({@code store.postgresql}); exactly one of them.
 * A SQLite file need not exist yet; its folder is created when the store is opened.
 *
 * @param sqlite            the SQLite file, or null when the store is PostgreSQL
 * @param postgresql        the PostgreSQL database, or null when the store is SQLite
 * @param activityRetention how long each login's line in the users' activity is kept
 *                          ({@code store.activity-retention}); zero: no activity is recorded
 */
public record StoreConfig(Path sqlite, PostgresqlConfig postgresql, Duration activityRetention) {

    public static final Path DEFAULT_SQLITE = Path.of("/var/lib/postern/postern.db");
    public static final Duration DEFAULT_ACTIVITY_RETENTION = Duration.ofDays(30);

    static final String SECTION = "store";
    static final String SQLITE = "sqlite";
    static final String POSTGRESQL = "postgresql";
    static final String ACTIVITY_RETENTION = "activity-retention";
    static final String[] KEYS = {SQLITE, POSTGRESQL, ACTIVITY_RETENTION};

    public StoreConfig {
        if ((sqlite == null) == (postgresql == null)) {
            throw new IllegalArgumentException("exactly one of sqlite and postgresql (got: " + sqlite + ", " + postgresql + ")");
        }
        Objects.requireNonNull(activityRetention, "activityRetention");
    }

    /** The embedded store in {@code file}. */
    public static StoreConfig sqlite(Path file) {
        return new StoreConfig(file, null, DEFAULT_ACTIVITY_RETENTION);
    }

    /** The shared store in a PostgreSQL database. */
    public static StoreConfig postgresql(PostgresqlConfig database) {
        return new StoreConfig(null, database, DEFAULT_ACTIVITY_RETENTION);
    }

    /** This store with {@code retention} for the activity. */
    public StoreConfig withActivityRetention(Duration retention) {
        return new StoreConfig(sqlite, postgresql, retention);
    }

    static StoreConfig bind(ConfigReader store) {
        Duration retention = store.duration(ACTIVITY_RETENTION, DEFAULT_ACTIVITY_RETENTION, Duration.ZERO,
                Duration.ofDays(3650));
        return backend(store).withActivityRetention(retention);
    }

    private static StoreConfig backend(ConfigReader store) {
        if (store.has(SQLITE) && store.has(POSTGRESQL)) {
            store.problem(POSTGRESQL, "present", "expected only one of " + store.pathOf(SQLITE) + " and "
                    + store.pathOf(POSTGRESQL) + " (the gateway keeps its users in one store)");
        }
        if (store.has(POSTGRESQL) && !store.has(SQLITE)) {
            PostgresqlConfig database = PostgresqlConfig.bind(store.section(POSTGRESQL, PostgresqlConfig.KEYS));
            if (database != null) {
                return postgresql(database);
            }
            return sqlite(DEFAULT_SQLITE); // reported already; the configuration is refused
        }
        Path sqlite = store.path(SQLITE);
        return sqlite(sqlite == null ? DEFAULT_SQLITE : sqlite);
    }
}
