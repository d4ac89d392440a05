package dev.postern.core.store.postgresql;

import dev.postern.core.store.CredentialStore;
import dev.postern.core.store.ApiTokenStoreContract;
import dev.postern.core.testing.PostgresServer;

/** The store contract against a real PostgreSQL, a new database per test. */
class PostgresStoreApiTokensIT extends ApiTokenStoreContract {

    @Override
    protected CredentialStore open() {
        return PostgresStore.open(PostgresServer.shared().newDatabase(4));
    }
}
