package dev.postern.core.store.sqlite;

import dev.postern.core.store.CredentialStore;
import dev.postern.core.store.PortalSessionStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteStorePortalSessionsTest extends PortalSessionStoreContract {

    @TempDir
    Path dir;

    @Override
    protected CredentialStore open() {
        return SqliteStore.open(dir.resolve("postern.db"));
    }
}
