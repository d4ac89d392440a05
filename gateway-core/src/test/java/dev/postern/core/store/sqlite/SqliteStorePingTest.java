package dev.postern.core.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postern.core.store.StoreUnavailableException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The readiness probe notices what SQLite's open connections would hide: the file moved, replaced or gone. */
class SqliteStorePingTest {

    @TempDir
    Path dir;

    @Test
    void shouldFailThePingWhileAFolderStandsWhereTheFileWasAndPassOnceItIsBack() throws Exception {
        Path file = dir.resolve("postern.db");
        Path aside = dir.resolve("postern.db.aside");
        try (SqliteStore store = SqliteStore.open(file)) {
            store.addUser("alice@example.com", Instant.EPOCH);
            store.ping();

            Files.move(file, aside);
            Files.createDirectory(file);

            assertThatThrownBy(store::ping).isInstanceOf(StoreUnavailableException.class)
                    .hasMessage("store.sqlite: " + file + ": is no longer a regular file (expected: the SQLite database"
                            + " the gateway opened)");

            Files.delete(file);
            assertThatThrownBy(store::ping).isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("the file is gone");

            Files.move(aside, file);
            assertThatCode(store::ping).doesNotThrowAnyException();
            assertThat(store.findUser("alice@example.com")).isPresent();
        }
    }

    @Test
    void shouldFailThePingWhenTheFileWasReplacedByAnother() throws Exception {
        Path file = dir.resolve("postern.db");
        try (SqliteStore store = SqliteStore.open(file)) {
            Path copy = Files.copy(file, dir.resolve("restored.db"));
            Files.move(copy, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);

            assertThatThrownBy(store::ping).isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("was replaced by another file since the gateway opened it");
        }
    }
}
