package dev.postern.server;

import dev.postern.core.config.StoreConfig;
import dev.postern.core.store.CredentialStore;
import dev.postern.core.store.StoreRevision;
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
        return SqliteStore.open(config.sqlite());
    }

    /** How a serving gateway notices changes made to {@code store} by other processes (the command line). */
    public static StoreRevision revision(CredentialStore store) {
        return store instanceof SqliteStore sqlite ? sqlite.revision() : StoreRevision.NONE;
    }

    /** The backend and where it is, for log lines: {@code sqlite /var/lib/postern/postern.db}. */
    public static String describe(StoreConfig config) {
        return "sqlite " + config.sqlite();
    }
}
