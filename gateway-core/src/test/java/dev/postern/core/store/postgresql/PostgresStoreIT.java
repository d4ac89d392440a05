package dev.postern.core.store.postgresql;

import static dev.postern.core.store.StoreFixtures.ALICE;
import static dev.postern.core.store.StoreFixtures.BOB;
import static dev.postern.core.store.StoreFixtures.T0;
import static dev.postern.core.store.StoreFixtures.appPassword;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postern.core.config.PostgresqlConfig;
import dev.postern.core.config.Secret;
import dev.postern.core.store.AppPasswordState;
import dev.postern.core.store.StoreRevision;
import dev.postern.core.store.StoreSchemaTooNewException;
import dev.postern.core.store.StoreUnavailableException;
import dev.postern.core.store.jdbc.StoreMigrations;
import dev.postern.core.testing.PostgresServer;
import dev.postern.core.testing.TestSecrets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL backend against a real server: migrations, several stores on one database as
 * several gateways would use it, change notifications, and what an operator reads when the database
 * is away or refuses the sign-in.
 */
class PostgresStoreIT {

    private static final PostgresServer SERVER = PostgresServer.shared();
    private static final Duration NOTIFY_WAIT = Duration.ofSeconds(5);

    @Test
    void shouldCreateTheSchemaOnceAndRecordItsVersion() throws Exception {
        PostgresqlConfig database = SERVER.newDatabase(2);

        try (PostgresStore first = PostgresStore.open(database)) {
            assertThat(first.migration()).isEqualTo(new StoreMigrations.Outcome(0, StoreMigrations.LATEST));
        }
        try (PostgresStore again = PostgresStore.open(database)) {
            assertThat(again.migration().applied()).isFalse();
            assertThat(again.migration().after()).isEqualTo(StoreMigrations.LATEST);
        }
        assertThat(query(database, "SELECT max(version::int) FROM flyway_schema_history WHERE success"))
                .isEqualTo(String.valueOf(StoreMigrations.LATEST));
        assertThat(query(database, "SELECT count(*) FROM flyway_schema_history WHERE success"))
                .as("applied once: the first version of the PostgreSQL store is 5, in one step").isEqualTo(
                        String.valueOf(StoreMigrations.LATEST - 4));
    }

    @Test
    void shouldMigrateOnceWhenFourGatewaysStartTogetherOnAnEmptyDatabase() throws Exception {
        PostgresqlConfig database = SERVER.newDatabase(2);
        ExecutorService starting = Executors.newFixedThreadPool(4);
        try {
            List<Callable<PostgresStore>> opens = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                opens.add(() -> PostgresStore.open(database));
            }
            List<Future<PostgresStore>> stores = starting.invokeAll(opens);
            int applied = 0;
            for (Future<PostgresStore> store : stores) {
                try (PostgresStore opened = store.get()) {
                    applied += opened.migration().applied() ? 1 : 0;
                    opened.addUser("u" + applied + "@example.com", T0);
                }
            }
            assertThat(applied).isEqualTo(1);
        } finally {
            starting.shutdownNow();
        }
    }

    @Test
    void shouldRefuseADatabaseWrittenByANewerPosternNamingBothVersions() throws Exception {
        PostgresqlConfig database = SERVER.newDatabase(2);
        PostgresStore.open(database).close();
        int newer = StoreMigrations.LATEST + 1;
        execute(database, "INSERT INTO flyway_schema_history (installed_rank, version, description, type, script,"
                + " installed_by, execution_time, success) VALUES (100, '" + newer + "', 'from the future', 'SQL',"
                + " 'V" + newer + "__future.sql', 'postgres', 0, true)");

        assertThatThrownBy(() -> PostgresStore.open(database))
                .isInstanceOf(StoreSchemaTooNewException.class)
                .hasMessage("store.postgresql: " + database.displayUrl() + ": schema version " + newer
                        + " was written by a newer Postern (this one knows up to " + StoreMigrations.LATEST
                        + "); upgrade Postern or restore a backup");
    }

    @Test
    void shouldSeeWhatAnotherGatewayChangedAtItsNextRead() {
        PostgresqlConfig database = SERVER.newDatabase(2);
        try (PostgresStore gatewayA = PostgresStore.open(database); PostgresStore cli = PostgresStore.open(database)) {
            cli.createAppPassword(appPassword("ab12cd", ALICE, "Thunderbird", T0));
            assertThat(gatewayA.findAppPassword("ab12cd")).isPresent();

            assertThat(cli.revokeAppPassword("ab12cd", T0.plusSeconds(5))).isTrue();
            Map<String, AppPasswordState> states = gatewayA.states(List.of("ab12cd", "unknown"));
            assertThat(states).containsOnlyKeys("ab12cd");
            assertThat(states.get("ab12cd").revokedAt()).isEqualTo(T0.plusSeconds(5));
        }
    }

    @Test
    void shouldMoveTheRevisionWhenAnotherProcessRevokesSuspendsOrRemovesButNotWhenALoginIsRecorded() throws Exception {
        PostgresqlConfig database = SERVER.newDatabase(2);
        try (PostgresStore gateway = PostgresStore.open(database); PostgresStore cli = PostgresStore.open(database);
                StoreRevision revision = gateway.revision()) {
            cli.createAppPassword(appPassword("ab12cd", ALICE, "Thunderbird", T0));
            cli.createAppPassword(appPassword("ef34gh", BOB, "Outlook", T0));
            long before = revision.current();

            cli.recordLastUse("ab12cd", T0.plusSeconds(1), "192.0.2.7");
            cli.setLookupTag("ab12cd", "tag-1");
            assertThat(revisionAfterQuiet(revision)).as("last use and lookup tags notify nobody").isEqualTo(before);

            for (Runnable change : List.<Runnable>of(
                    () -> cli.revokeAppPassword("ab12cd", T0.plusSeconds(2)),
                    () -> cli.setSuspended(BOB, T0.plusSeconds(3)),
                    () -> cli.setUpstreamPassword(BOB, new byte[] {1, 2, 3}),
                    () -> cli.connectUpstream(BOB, new byte[] {4, 5}, T0.plusSeconds(4)),
                    () -> cli.createAppPassword(appPassword("ij56kl", ALICE, "Phone", T0)),
                    () -> cli.removeUser(ALICE))) {
                long seen = revision.current();
                change.run();
                assertThat(awaitChange(revision, seen)).isGreaterThan(seen);
            }
        }
    }

    @Test
    void shouldFailClosedWhileTheDatabaseIsDownAndRecoverByItselfWithAFullResync() throws Exception {
        PostgresqlConfig database = SERVER.newDatabase(2);
        try (PostgresStore gateway = PostgresStore.open(database); StoreRevision revision = gateway.revision()) {
            gateway.createAppPassword(appPassword("ab12cd", ALICE, "Thunderbird", T0));
            long before = revision.current();
            SERVER.stop();
            try {
                assertThatThrownBy(() -> gateway.findUser(ALICE))
                        .isInstanceOf(StoreUnavailableException.class)
                        .hasMessageStartingWith("store.postgresql: " + database.displayUrl() + ": cannot reach PostgreSQL")
                        .hasMessageContaining("(while looking up a user)");
                assertThatThrownBy(gateway::ping).isInstanceOf(StoreUnavailableException.class);
                assertThatThrownBy(revision::current).isInstanceOf(StoreUnavailableException.class)
                        .hasMessageContaining("(while listening for changes)");
            } finally {
                SERVER.restart();
            }
            assertThat(awaitReadable(gateway).findUser(ALICE)).isPresent();
            assertThat(revision.current()).as("a new listening connection counts as a change").isGreaterThan(before);
        }
    }

    @Test
    void shouldNameTheRoleAndThePasswordFileWhenTheSignInIsRefusedWithoutShowingThePassword() {
        PostgresqlConfig good = SERVER.newDatabase(1);
        TestSecrets.register("not-the-password-42");
        PostgresqlConfig wrong = new PostgresqlConfig(good.url(), good.user(), new Secret("not-the-password-42"), 1);

        assertThatThrownBy(() -> PostgresStore.open(wrong))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("store.postgresql: " + good.displayUrl() + ": PostgreSQL refused the sign-in of role"
                        + " \"postgres\"")
                .hasMessageContaining("check store.postgresql.user, store.postgresql.password-file")
                .hasMessageNotContaining("not-the-password-42");
    }

    @Test
    void shouldSayHowToCreateAMissingDatabase() {
        PostgresqlConfig good = SERVER.newDatabase(1);
        PostgresqlConfig missing = new PostgresqlConfig(SERVER.url("no_such_db"), good.user(), good.password(), 1);

        assertThatThrownBy(() -> PostgresStore.open(missing))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("the database does not exist")
                .hasMessageContaining("createdb -O postgres postern");
    }

    @Test
    void shouldKeepOneRotatedTokenWhenTwoGatewaysRotateAtOnce() {
        PostgresqlConfig database = SERVER.newDatabase(2);
        try (PostgresStore a = PostgresStore.open(database); PostgresStore b = PostgresStore.open(database)) {
            a.addUser(ALICE, T0);
            long version = a.connectUpstream(ALICE, new byte[] {1}, T0);
            assertThat(a.replaceRefreshToken(ALICE, version, new byte[] {2})).isTrue();
            assertThat(b.replaceRefreshToken(ALICE, version, new byte[] {3})).isFalse();
            assertThat(b.upstreamConnection(ALICE)).hasValueSatisfying(c -> assertThat(c.sealedRefreshToken())
                    .containsExactly(2));
        }
    }

    private static PostgresStore awaitReadable(PostgresStore store) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (true) {
            try {
                store.ping();
                return store;
            } catch (StoreUnavailableException e) {
                if (Instant.now().isAfter(deadline)) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private static long awaitChange(StoreRevision revision, long seen) throws InterruptedException {
        Instant deadline = Instant.now().plus(NOTIFY_WAIT);
        long now = revision.current();
        while (now == seen && Instant.now().isBefore(deadline)) {
            Thread.sleep(20);
            now = revision.current();
        }
        return now;
    }

    /** The revision after long enough for a notification to have arrived, had one been sent. */
    private static long revisionAfterQuiet(StoreRevision revision) throws InterruptedException {
        Thread.sleep(300);
        return revision.current();
    }

    private static void execute(PostgresqlConfig database, String sql) throws Exception {
        try (Connection connection = SERVER.connect(databaseName(database)); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String query(PostgresqlConfig database, String sql) throws Exception {
        try (Connection connection = SERVER.connect(databaseName(database)); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static String databaseName(PostgresqlConfig database) {
        return database.url().substring(database.url().lastIndexOf('/') + 1);
    }
}
