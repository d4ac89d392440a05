package dev.postern.core.store.postgresql;

import dev.postern.core.store.CredentialStore;
import dev.postern.core.store.PortalSessionStoreContract;
import dev.postern.core.testing.PostgresServer;

/** The store contract against a real PostgreSQL, a new database per test. */
class PostgresStorePortalSessionsIT extends PortalSessionStoreContract {

    @Override
    protected CredentialStore open() {
        return PostgresStore.open(PostgresServer.shared().newDatabase(4));
    }
}
