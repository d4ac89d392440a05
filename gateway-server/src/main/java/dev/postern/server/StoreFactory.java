package dev.postern.server;

import dev.postern.core.config.StoreConfig;
import dev.postern.core.store.CredentialStore;
import dev.postern.core.store.StoreRevision;
import dev.postern.core.store.jdbc.JdbcStore;
import dev.postern.core.store.postgresql.PostgresStore;
import dev.postern.core.store.sqlite.SqliteStore;

/**
 * Opens the configured credential store backend: the one way {@code serve}, the command line and
 * the demo get a store. A new backend is opened here and nowhere else.
 */
public final class StoreFactory {

    private StoreFactory() {
    }

    /** Opens (creating and migrating where the backend does) the store {@code config} names. */
    public static CredentialStore open(StoreConfig config) {
        return config.postgresql() != null ? PostgresStore.open(config.postgresql()) : SqliteStore.open(config.sqlite());
    }

    /** How a serving gateway notices changes made to {@code store} by other processes (the command line, other gateways). */
    public static StoreRevision revision(CredentialStore store) {
        return store instanceof JdbcStore jdbc ? jdbc.revision() : StoreRevision.NONE;
    }

    /** The backend and where it is, for log lines: {@code sqlite /var/lib/postern/postern.db}. */
    public static String describe(StoreConfig config) {
        return config.postgresql() != null ? "postgresql " + config.postgresql().displayUrl() : "sqlite " + config.sqlite();
    }
}
