package dev.postern.core.config;

import java.nio.file.Path;

/**
 * Where users and app passwords are kept: one SQLite file ({@code store.sqlite}, the default), or a
 * PostgreSQL database that several gateways share ({@code store.postgresql}); exactly one of them.
 * A SQLite file need not exist yet; its folder is created when the store is opened.
 *
 * @param sqlite     the SQLite file, or null when the store is PostgreSQL
 * @param postgresql the PostgreSQL database, or null when the store is SQLite
 */
public record StoreConfig(Path sqlite, PostgresqlConfig postgresql) {

    public static final Path DEFAULT_SQLITE = Path.of("/var/lib/postern/postern.db");

    static final String SECTION = "store";
    static final String SQLITE = "sqlite";
    static final String POSTGRESQL = "postgresql";
    static final String[] KEYS = {SQLITE, POSTGRESQL};

    public StoreConfig {
        if ((sqlite == null) == (postgresql == null)) {
            throw new IllegalArgumentException("exactly one of sqlite and postgresql (got: " + sqlite + ", " + postgresql + ")");
        }
    }

    /** The embedded store in {@code file}. */
    public static StoreConfig sqlite(Path file) {
        return new StoreConfig(file, null);
    }

    /** The shared store in a PostgreSQL database. */
    public static StoreConfig postgresql(PostgresqlConfig database) {
        return new StoreConfig(null, database);
    }

    static StoreConfig bind(ConfigReader store) {
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
