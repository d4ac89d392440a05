package dev.postern.core.store.sqlite;

import static dev.postern.core.store.sqlite.SqliteStoreOpenTest.execute;
import static dev.postern.core.store.sqlite.SqliteStoreOpenTest.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postern.core.store.StoreFixtures;
import dev.postern.core.store.StoreUnavailableException;
import dev.postern.core.store.UserRecord;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Migration 3: stored user names folded to lower case, and a store whose names would merge refused. */
class SqliteStoreUserNameFoldingTest {

    @TempDir
    Path dir;

    @Test
    void shouldFoldStoredUserNamesAndTheirAppPasswordsWhenUpgradingAVersionTwoFile() throws Exception {
        Path file = versionTwoFile("Carol@example.test", "dave@example.test");
        appPassword(file, "ab12cd", "Carol@example.test", "Thunderbird");
        appPassword(file, "ef34gh", "dave@example.test", "Phone");

        try (SqliteStore store = SqliteStore.open(file)) {
            assertThat(store.listUsers()).extracting(UserRecord::name)
                    .containsExactlyInAnyOrder("carol@example.test", "dave@example.test");
            assertThat(store.appPasswordsOf("carol@example.test")).singleElement()
                    .satisfies(record -> assertThat(record.id()).isEqualTo("ab12cd"));
            assertThat(store.findAppPassword("ef34gh")).hasValueSatisfying(
                    record -> assertThat(record.user()).isEqualTo("dave@example.test"));
            assertThat(store.findUser("Carol@example.test")).isEmpty();
        }

        assertThat(query(file, "PRAGMA user_version")).containsExactly(String.valueOf(SqliteMigrations.latestVersion()));
        assertThat(query(file, "PRAGMA foreign_key_check")).isEmpty();
        assertThat(SqliteMigrations.latestVersion()).isGreaterThanOrEqualTo(SqliteMigrations.FOLD_USER_NAMES);
    }

    @Test
    void shouldRefuseToMergeUserNamesThatDifferOnlyInCaseNamingBothAndLeaveTheFileAsItWas() throws Exception {
        Path file = versionTwoFile("Carol@example.test", "carol@example.test", "Erin@example.test");
        appPassword(file, "ab12cd", "Carol@example.test", "Thunderbird");

        String expected = "store.sqlite: " + file + ": user names \"Carol@example.test\" and \"carol@example.test\""
                + " differ only in case, and this Postern treats user names case-insensitively; before upgrading, keep"
                + " one of each and remove the others (their app passwords go with them) with \"postern users remove"
                + " NAME\" of the Postern version you upgrade from, or in sqlite3 " + file + ", for example:"
                + " PRAGMA foreign_keys = ON; DELETE FROM users WHERE name = 'Carol@example.test';";
        assertThatThrownBy(() -> SqliteStore.open(file))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessage(expected);

        assertThat(query(file, "PRAGMA user_version")).containsExactly("2");
        assertThat(query(file, "SELECT name FROM users ORDER BY name"))
                .containsExactly("Carol@example.test", "Erin@example.test", "carol@example.test");
        assertThat(query(file, "SELECT user FROM app_passwords")).containsExactly("Carol@example.test");
        assertThat(SqliteStore.refusal(file)).contains(expected);
    }

    @Test
    void shouldNameEveryGroupOfCollidingNames() throws Exception {
        Path file = versionTwoFile("Bob@example.test", "bob@example.test", "BOB@example.test",
                "Carol@example.test", "carol@example.test");

        assertThatThrownBy(() -> SqliteStore.open(file))
                .hasMessageContaining("user names \"BOB@example.test\", \"Bob@example.test\" and \"bob@example.test\";"
                        + " \"Carol@example.test\" and \"carol@example.test\" differ only in case");
    }

    @Test
    void shouldOpenOnceTheSuggestedStatementRemovedOneOfTheCollidingNames() throws Exception {
        Path file = versionTwoFile("Carol@example.test", "carol@example.test");
        appPassword(file, "ab12cd", "Carol@example.test", "Thunderbird");
        appPassword(file, "ef34gh", "carol@example.test", "Phone");

        try (Connection sqlite3 = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = sqlite3.createStatement()) {
            statement.execute("PRAGMA foreign_keys = ON");
            statement.execute("DELETE FROM users WHERE name = 'Carol@example.test'");
        }

        assertThat(SqliteStore.refusal(file)).isEmpty();
        try (SqliteStore store = SqliteStore.open(file)) {
            assertThat(store.listUsers()).extracting(UserRecord::name).containsExactly("carol@example.test");
            assertThat(store.listAppPasswords(java.util.Optional.empty())).singleElement()
                    .satisfies(record -> assertThat(record.id()).isEqualTo("ef34gh"));
        }
    }

    @Test
    void shouldReportAFileWrittenByANewerPosternWithoutOpeningIt() throws Exception {
        Path file = dir.resolve("postern.db");
        SqliteStore.open(file).close();
        execute(file, "PRAGMA user_version = 99");

        assertThat(SqliteStore.refusal(file)).hasValueSatisfying(message -> assertThat(message)
                .startsWith("store.sqlite: " + file + ": schema version 99 was written by a newer Postern"));
        assertThat(query(file, "PRAGMA user_version")).containsExactly("99");
    }

    @Test
    void shouldFindNothingToRefuseInAMissingFileAndNotCreateIt() {
        Path file = dir.resolve("postern.db");

        assertThat(SqliteStore.refusal(file)).isEmpty();
        assertThat(file).doesNotExist();
    }

    /** A store as Postern left it before user names were folded: schema version 2. */
    private Path versionTwoFile(String... users) throws SQLException {
        Path file = dir.resolve("postern.db");
        OldStoreFiles.fileAtVersion(file, 2);
        for (String user : users) {
            execute(file, "INSERT INTO users (name, created_at) VALUES ('" + user + "', 0)");
        }
        return file;
    }

    private static void appPassword(Path file, String id, String user, String label) throws SQLException {
        execute(file, "INSERT INTO app_passwords (id, user, label, scopes, hash, created_at) VALUES ('" + id + "', '"
                + user + "', '" + label + "', 'imap', '" + StoreFixtures.HASH + "', 0)");
    }
}
