package dev.postern.core.store.sqlite;

import static dev.postern.core.store.StoreFixtures.ALICE;
import static dev.postern.core.store.StoreFixtures.BOB;
import static dev.postern.core.store.StoreFixtures.T0;
import static dev.postern.core.store.StoreFixtures.appPassword;
import static dev.postern.core.store.sqlite.SqliteStoreOpenTest.execute;
import static dev.postern.core.store.sqlite.SqliteStoreOpenTest.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postern.core.store.StoreConflictException;
import dev.postern.core.store.StoreFixtures;
import dev.postern.core.store.StoreSchemaTooNewException;
import dev.postern.core.store.UpstreamConnection;
import dev.postern.core.store.UserRecord;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The users' upstream consents (refresh-token grant) in SQLite: migration 4 on a file of schema 3,
 * the sealed refresh token with its version, and the compare-and-set that keeps a newer token when
 * two gateways rotate, or a reconnection, race with an older request.
 */
class SqliteStoreUpstreamConsentTest {

    private static final byte[] SEALED_1 = {1, 1, 1};
    private static final byte[] SEALED_2 = {2, 2, 2};
    private static final byte[] SEALED_3 = {3, 3, 3};
    private static final Instant T1 = T0.plusSeconds(60);
    private static final Instant T2 = T0.plusSeconds(120);

    @TempDir
    Path dir;

    @Test
    void shouldAddTheConsentColumnsToAFileOfSchemaThreeKeepingItsUsers() throws Exception {
        // given: a file as migration 3 left it, with a user, an upstream password and an app password
        Path file = dir.resolve("postern.db");
        OldStoreFiles.fileAtVersion(file, 3);
        execute(file, "INSERT INTO users (name, created_at, upstream_password) VALUES ('" + ALICE + "', 0, x'0102')");
        execute(file, "INSERT INTO app_passwords (id, user, label, scopes, hash, created_at) VALUES ('ab12cd', '"
                + ALICE + "', 'Thunderbird', 'imap', '" + StoreFixtures.HASH + "', 0)");

        // when
        try (SqliteStore store = SqliteStore.open(file)) {
            // then: nothing lost, nobody connected, and a consent can be stored
            assertThat(store.findUser(ALICE)).hasValueSatisfying(user -> {
                assertThat(user.hasUpstreamPassword()).isTrue();
                assertThat(user.connection()).isNull();
            });
            assertThat(store.findAppPassword("ab12cd")).isPresent();
            assertThat(store.upstreamConnection(ALICE)).isEmpty();
            assertThat(store.connectUpstream(ALICE, SEALED_1, T1)).isEqualTo(1);
        }
        assertThat(query(file, "PRAGMA user_version")).containsExactly(String.valueOf(SqliteMigrations.latestVersion()));
        assertThat(SqliteMigrations.latestVersion()).isGreaterThanOrEqualTo(4);
        assertThat(query(file, "SELECT refresh_token_version FROM users")).containsExactly("1");
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
    void shouldStoreAConsentWithItsTimeAndListItWithTheUser() {
        try (SqliteStore store = SqliteStore.open(dir.resolve("postern.db"))) {
            store.addUser(ALICE, T0);
            store.addUser(BOB, T0);

            long version = store.connectUpstream(ALICE, SEALED_1, T1);

            UpstreamConnection stored = store.upstreamConnection(ALICE).orElseThrow();
            assertThat(stored.sealedRefreshToken()).containsExactly(SEALED_1);
            assertThat(stored.version()).isEqualTo(version).isEqualTo(1);
            assertThat(stored.connectedAt()).isEqualTo(T1);
            assertThat(stored.needsReconnect()).isFalse();
            assertThat(stored.toString()).doesNotContain("[1, 1, 1]");
            assertThat(store.findUser(ALICE).orElseThrow().connection())
                    .isEqualTo(new UserRecord.Connection(T1, null, null));
            assertThat(store.findUser(BOB).orElseThrow().connection()).isNull();
            assertThat(store.upstreamConnection(BOB)).isEmpty();
            assertThat(store.upstreamConnection("nobody@example.com")).isEmpty();
        }
    }

    @Test
    void shouldRefuseAConsentOfAnUnknownUser() {
        try (SqliteStore store = SqliteStore.open(dir.resolve("postern.db"))) {
            assertThatThrownBy(() -> store.connectUpstream(ALICE, SEALED_1, T1))
                    .isInstanceOf(StoreConflictException.class)
                    .hasMessage("unknown user " + ALICE + "; add the user before connecting the upstream");
        }
    }

    @Test
    void shouldReplaceARotatedTokenOnlyWhileTheVersionReadIsStillStored() {
        try (SqliteStore store = SqliteStore.open(dir.resolve("postern.db"))) {
            store.addUser(ALICE, T0);
            long read = store.connectUpstream(ALICE, SEALED_1, T1);

            boolean first = store.replaceRefreshToken(ALICE, read, SEALED_2);
            boolean stale = store.replaceRefreshToken(ALICE, read, SEALED_3);

            assertThat(first).isTrue();
            assertThat(stale).as("a rotation made with the version already replaced").isFalse();
            UpstreamConnection stored = store.upstreamConnection(ALICE).orElseThrow();
            assertThat(stored.sealedRefreshToken()).containsExactly(SEALED_2);
            assertThat(stored.version()).isEqualTo(read + 1);
            assertThat(stored.connectedAt()).as("a rotation is no new consent").isEqualTo(T1);
            assertThat(store.replaceRefreshToken(BOB, 1, SEALED_3)).as("unknown user").isFalse();
        }
    }

    @Test
    void shouldKeepTheNewerTokenWhenTwoGatewaysRotateTheSameOneAtOnce() {
        Path file = dir.resolve("postern.db");
        try (SqliteStore gatewayA = SqliteStore.open(file); SqliteStore gatewayB = SqliteStore.open(file)) {
            gatewayA.addUser(ALICE, T0);
            gatewayA.connectUpstream(ALICE, SEALED_1, T1);
            // both read the same token and version, and both get it rotated by the provider
            long readByA = gatewayA.upstreamConnection(ALICE).orElseThrow().version();
            long readByB = gatewayB.upstreamConnection(ALICE).orElseThrow().version();

            boolean storedByA = gatewayA.replaceRefreshToken(ALICE, readByA, SEALED_2);
            boolean storedByB = gatewayB.replaceRefreshToken(ALICE, readByB, SEALED_3);

            assertThat(storedByA).isTrue();
            assertThat(storedByB).isFalse();
            assertThat(gatewayB.upstreamConnection(ALICE).orElseThrow().sealedRefreshToken()).containsExactly(SEALED_2);
        }
    }

    @Test
    void shouldMarkANeededReconnectionOnlyForTheTokenRefusedAndClearItWithANewConsent() {
        try (SqliteStore store = SqliteStore.open(dir.resolve("postern.db"))) {
            store.addUser(ALICE, T0);
            long refused = store.connectUpstream(ALICE, SEALED_1, T1);
            long reconnected = store.connectUpstream(ALICE, SEALED_2, T2);

            // when: a request made with the older token comes back refused
            boolean markedOld = store.markNeedsReconnect(ALICE, refused, "invalid_grant", T2);
            // then: the newer consent is left alone
            assertThat(markedOld).isFalse();
            assertThat(store.upstreamConnection(ALICE).orElseThrow().needsReconnect()).isFalse();

            // when: the current token is refused
            boolean marked = store.markNeedsReconnect(ALICE, reconnected, "invalid_grant: AADSTS70008", T2);
            assertThat(marked).isTrue();
            UpstreamConnection stored = store.upstreamConnection(ALICE).orElseThrow();
            assertThat(stored.needsReconnect()).isTrue();
            assertThat(stored.needsReconnectReason()).isEqualTo("invalid_grant: AADSTS70008");
            assertThat(store.findUser(ALICE).orElseThrow().connection())
                    .isEqualTo(new UserRecord.Connection(T2, T2, "invalid_grant: AADSTS70008"));
            assertThat(store.replaceRefreshToken(ALICE, reconnected, SEALED_3))
                    .as("a late rotation of the refused token").isFalse();

            // when: the user connects again
            store.connectUpstream(ALICE, SEALED_3, T2.plusSeconds(60));
            assertThat(store.upstreamConnection(ALICE).orElseThrow().needsReconnect()).isFalse();
            assertThat(store.findUser(ALICE).orElseThrow().connection().needsReconnectReason()).isNull();
        }
    }

    @Test
    void shouldRemoveTheConsentWithTheUser() {
        try (SqliteStore store = SqliteStore.open(dir.resolve("postern.db"))) {
            store.createAppPassword(appPassword("ab12cd", ALICE, "Thunderbird", T0));
            store.connectUpstream(ALICE, SEALED_1, T1);

            store.removeUser(ALICE);
            store.addUser(ALICE, T2);

            assertThat(store.upstreamConnection(ALICE)).isEmpty();
            assertThat(store.findUser(ALICE).orElseThrow().connection()).isNull();
        }
    }
}
