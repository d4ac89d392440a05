package dev.postern.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.core.config.PostgresqlConfig;
import dev.postern.core.store.AppPasswordRecord;
import dev.postern.core.store.UserRecord;
import dev.postern.core.store.jdbc.StoreMigrations;
import dev.postern.core.store.postgresql.PostgresStore;
import dev.postern.core.store.sqlite.SqliteStore;
import dev.postern.core.testing.PostgresServer;
import dev.postern.core.testing.TestSecrets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code postern store migrate} and {@code postern store copy}, from an installation's SQLite file into
 * a real PostgreSQL database: everything arrives (hashes, sealed secrets, suspension, last use,
 * revocation), a non-empty target is refused unless asked, and a copy run again skips what is there.
 */
class StoreCommandsIT {

    @TempDir
    Path dir;
    CliFixture sqlite;
    Path postgresConfig;
    PostgresqlConfig database;

    @BeforeEach
    void setUp() {
        sqlite = CliFixture.storedCredential(dir);
        PostgresServer server = PostgresServer.shared();
        database = server.newDatabase(2);
        postgresConfig = sqlite.write("postgres.yml", "store:\n  postgresql:\n    url: " + database.url() + "\n    user: "
                + database.user() + "\n    password-file: " + server.passwordFile() + "\n");
    }

    @Test
    void shouldCreateTheSchemaOnceAndThenSayItIsUpToDate() {
        CliRun first = CliRun.run("", Map.of(), "store", "migrate", "--config", postgresConfig.toString());
        CliRun again = CliRun.run("", Map.of(), "store", "migrate", "--config", postgresConfig.toString());

        assertThat(first.code()).isEqualTo(ExitCodes.OK);
        assertThat(first.out()).isEqualTo("Store postgresql " + database.displayUrl() + ": schema migrated from version 0 to "
                + StoreMigrations.LATEST + ".\n");
        assertThat(again.out()).isEqualTo("Store postgresql " + database.displayUrl() + ": schema at version "
                + StoreMigrations.LATEST + ", up to date.\n");
    }

    @Test
    void shouldCopyEverythingFromSqliteIntoAnEmptyPostgresqlStore() {
        sqlite.run("app-passwords", "create", "--user", "alice@example.com", "--label", "laptop");
        sqlite.run("app-passwords", "create", "--user", "alice@example.com", "--label", "phone");
        sqlite.run("app-passwords", "create", "--user", "bob@example.com", "--label", "scanner", "--scopes", "smtp");
        sqlite.runWithInput("upstream-secret\n", "users", "set-upstream-password", "bob@example.com");
        sqlite.run("users", "suspend", "bob@example.com");
        List<AppPasswordRecord> before;
        try (SqliteStore store = sqlite.openStore()) {
            before = store.listAppPasswords(Optional.empty());
            store.recordLastUse(before.get(0).id(), Instant.parse("2026-12-01T08:00:00Z"), "192.0.2.7");
            store.revokeAppPassword(before.get(1).id(), Instant.parse("2026-12-02T08:00:00Z"));
            before = store.listAppPasswords(Optional.empty());
        }

        CliRun run = CliRun.run("", Map.of(), "store", "copy", "--from", "sqlite:" + dir.resolve("postern.db"),
                "--to", postgresConfig.toString());

        assertThat(run.code()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).isEqualTo("Copied sqlite " + dir.resolve("postern.db") + " into postgresql "
                + database.displayUrl() + ": 2 user(s), 3 app password(s), 1 upstream password(s), 0 refresh token(s).\n");
        try (PostgresStore copy = PostgresStore.open(database); SqliteStore original = sqlite.openStore()) {
            assertThat(copy.listAppPasswords(Optional.empty())).containsExactlyElementsOf(before);
            assertThat(copy.listUsers()).containsExactlyElementsOf(original.listUsers());
            assertThat(copy.listUsers()).filteredOn(UserRecord::isSuspended).extracting(UserRecord::name)
                    .containsExactly("bob@example.com");
            assertThat(copy.upstreamPassword("bob@example.com")).get()
                    .isEqualTo(original.upstreamPassword("bob@example.com").orElseThrow());
        }
    }

    @Test
    void shouldRefuseANonEmptyTargetUnlessToldAndThenSkipWhatItHas() {
        sqlite.run("app-passwords", "create", "--user", "alice@example.com", "--label", "laptop");
        CliRun.run("", Map.of(), "store", "copy", "--from", sqlite.config.toString(), "--to", postgresConfig.toString());
        sqlite.run("app-passwords", "create", "--user", "carol@example.com", "--label", "tablet");

        CliRun refused = CliRun.run("", Map.of(), "store", "copy", "--from", sqlite.config.toString(), "--to",
                postgresConfig.toString());
        CliRun again = CliRun.run("", Map.of(), "store", "copy", "--from", sqlite.config.toString(), "--to",
                postgresConfig.toString(), "--into-non-empty");

        assertThat(refused.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(refused.err()).isEqualTo("postern: the target store postgresql " + database.displayUrl()
                + " already has users; copy into an empty store, or add --into-non-empty to keep what it has and add the"
                + " rest\n");
        assertThat(again.code()).as(again.err()).isEqualTo(ExitCodes.OK);
        assertThat(again.out()).endsWith(": 1 user(s), 1 app password(s), 0 upstream password(s), 0 refresh token(s).\n"
                + "Skipped what the target already had: 1 user(s), 1 app password(s).\n");
        try (PostgresStore copy = PostgresStore.open(database)) {
            assertThat(copy.listAppPasswords(Optional.empty())).extracting(AppPasswordRecord::label)
                    .containsExactly("tablet", "laptop");
        }
    }

    @Test
    void shouldReportAnUnreachableOrRefusingPostgresqlInCheckConfigWithoutShowingThePassword() {
        Path wrongSecret = sqlite.write("wrong.secret", "not-the-password-43\n");
        TestSecrets.register("not-the-password-43");
        Path refusing = sqlite.write("refusing.yml", "store:\n  postgresql:\n    url: " + database.url() + "\n    user: "
                + database.user() + "\n    password-file: " + wrongSecret + "\n");
        Path unreachable = sqlite.write("unreachable.yml", "store:\n  postgresql:\n    url: jdbc:postgresql://127.0.0.1:1/x\n"
                + "    user: postern\n");

        CliRun signIn = CliRun.run("", Map.of(), "check-config", "--config", refusing.toString());
        CliRun down = CliRun.run("", Map.of(), "check-config", "--config", unreachable.toString());

        assertThat(signIn.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(signIn.err()).contains("store.postgresql: " + database.displayUrl()
                + ": PostgreSQL refused the sign-in of role \"postgres\"").doesNotContain("not-the-password-43");
        assertThat(down.err()).contains("store.postgresql: postgresql://127.0.0.1:1/x: cannot reach PostgreSQL");
    }

    @Test
    void shouldRefuseToCopyAStoreOntoItself() {
        CliRun run = CliRun.run("", Map.of(), "store", "copy", "--from", sqlite.config.toString(), "--to",
                "sqlite:" + dir.resolve("postern.db"));

        assertThat(run.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(run.err()).isEqualTo("postern: --from and --to name the same store (sqlite " + dir.resolve("postern.db")
                + ")\n");
    }
}
