package dev.postern.core.store.sqlite;

import dev.postern.core.store.AppPasswordStoreContract;
import dev.postern.core.store.CredentialStore;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreAppPasswordsTest extends AppPasswordStoreContract {

    @TempDir
    Path dir;

    @Override
    protected CredentialStore open() {
        return SqliteStore.open(dir.resolve("postern.db"));
    }
}
