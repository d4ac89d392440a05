package dev.postern.core.store.sqlite;

import static dev.postern.core.store.StoreFixtures.ALICE;
import static dev.postern.core.store.StoreFixtures.BOB;
import static dev.postern.core.store.StoreFixtures.T0;
import static dev.postern.core.store.StoreFixtures.appPassword;
import static dev.postern.core.store.sqlite.SqliteStoreOpenTest.execute;
import static dev.postern.core.store.sqlite.SqliteStoreOpenTest.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postern.core.store.AppPasswordState;
import dev.postern.core.store.StoreFixtures;
import dev.postern.core.store.StoreSchemaTooNewException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Suspended users in SQLite: migration 5 on a file of schema 4 with data, suspend and resume, and
 * the batched state of app passwords telling a suspended user's as no longer usable.
 */
class SqliteStoreSuspensionTest {

    private static final Instant T1 = T0.plusSeconds(60);

    @TempDir
    Path dir;

    @Test
    void shouldAddTheSuspensionColumnToAFileOfSchemaFourKeepingItsData() throws Exception {
        // given: a file as migration 4 left it, with a connected user, an upstream password and an app password
        Path file = dir.resolve("postern.db");
        OldStoreFiles.fileAtVersion(file, 4);
        execute(file, "INSERT INTO users (name, created_at, upstream_password, refresh_token, refresh_token_version,"
                + " connected_at) VALUES ('" + ALICE + "', 0, x'0102', x'0304', 3, 1000)");
        execute(file, "INSERT INTO app_passwords (id, user, label, scopes, hash, created_at) VALUES ('ab12cd', '"
                + ALICE + "', 'Thunderbird', 'imap', '" + StoreFixtures.HASH + "', 0)");

        // when
        try (SqliteStore store = SqliteStore.open(file)) {
            // then: nothing lost, nobody suspended, and a user can be suspended
            assertThat(store.findUser(ALICE)).hasValueSatisfying(user -> {
                assertThat(user.hasUpstreamPassword()).isTrue();
                assertThat(user.connection()).isNotNull();
                assertThat(user.isSuspended()).isFalse();
                assertThat(user.suspendedAt()).isNull();
            });
            assertThat(store.upstreamConnection(ALICE).orElseThrow().version()).isEqualTo(3);
            assertThat(store.findAppPassword("ab12cd")).isPresent();
            assertThat(store.states(List.of("ab12cd")).get("ab12cd").isActiveAt(T1)).isTrue();
            assertThat(store.setSuspended(ALICE, T1)).isTrue();
        }
        assertThat(query(file, "PRAGMA user_version")).containsExactly(String.valueOf(SqliteMigrations.latestVersion()));
        assertThat(SqliteMigrations.latestVersion()).isGreaterThanOrEqualTo(5);
        assertThat(query(file, "SELECT suspended_at FROM users")).containsExactly(String.valueOf(T1.toEpochMilli()));
    }

    @Test
    void shouldStillRefuseAFileOfANewerSchemaThanItsOwn() throws Exception {
        Path file = dir.resolve("postern.db");
        SqliteStore.open(file).close();
        int newer = SqliteMigrations.latestVersion() + 1;
        execute(file, "PRAGMA user_version = " + newer);

        assertThatThrownBy(() -> SqliteStore.open(file))
                .isInstanceOf(StoreSchemaTooNewException.class)
                .hasMessageContaining("schema version " + newer + " was written by a newer Postern (this one knows up to "
                        + SqliteMigrations.latestVersion() + ")");
    }

    @Test
    void shouldSuspendAndResumeAUserKeepingTheirAppPasswords() {
        try (SqliteStore store = SqliteStore.open(dir.resolve("postern.db"))) {
            store.createAppPassword(appPassword("aaaa1111", ALICE, "Thunderbird", T0));
            store.createAppPassword(appPassword("bbbb2222", BOB, "Phone", T0));

            boolean suspended = store.setSuspended(ALICE, T1);
            boolean again = store.setSuspended(ALICE, T1.plusSeconds(5));

            assertThat(suspended).isTrue();
            assertThat(again).as("already suspended: the first time is kept").isFalse();
            assertThat(store.findUser(ALICE).orElseThrow().suspendedAt()).isEqualTo(T1);
            assertThat(store.listUsers()).filteredOn(user -> user.name().equals(ALICE))
                    .singleElement().satisfies(user -> assertThat(user.isSuspended()).isTrue());
            assertThat(store.findUser(BOB).orElseThrow().isSuspended()).isFalse();
            Map<String, AppPasswordState> states = store.states(List.of("aaaa1111", "bbbb2222"));
            assertThat(states.get("aaaa1111").userSuspendedAt()).isEqualTo(T1);
            assertThat(states.get("aaaa1111").isActiveAt(T1)).isFalse();
            assertThat(states.get("aaaa1111").isRevoked()).isFalse();
            assertThat(states.get("bbbb2222").isActiveAt(T1)).isTrue();
            assertThat(store.appPasswordsOf(ALICE)).hasSize(1);

            boolean resumed = store.setSuspended(ALICE, null);
            boolean resumedAgain = store.setSuspended(ALICE, null);

            assertThat(resumed).isTrue();
            assertThat(resumedAgain).as("not suspended").isFalse();
            assertThat(store.findUser(ALICE).orElseThrow().suspendedAt()).isNull();
            assertThat(store.states(List.of("aaaa1111")).get("aaaa1111").isActiveAt(T1)).isTrue();
            assertThat(store.setSuspended("nobody@example.com", T1)).as("unknown user").isFalse();
            assertThat(store.setSuspended("nobody@example.com", null)).as("unknown user").isFalse();
        }
    }
}
