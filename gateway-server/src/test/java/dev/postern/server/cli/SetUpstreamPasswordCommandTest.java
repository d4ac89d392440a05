package dev.postern.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.core.store.sqlite.SqliteStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SetUpstreamPasswordCommandTest {

    private static final String PASSWORD = "Upstream pässword with spaces ";

    @TempDir
    Path dir;

    @Test
    void shouldStoreASealedPasswordThatOpensToTheFirstLineOfInput() {
        CliFixture fixture = CliFixture.storedCredential(dir);
        fixture.run("users", "add", "alice@example.com");

        CliRun run = fixture.runWithInput(PASSWORD + "\r\nsecond line\n", "users", "set-upstream-password",
                "alice@example.com");

        assertThat(run.code()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).isEqualTo(
                "Stored the upstream password of alice@example.com (encrypted with upstream-auth.key-file).\n");
        assertThat(run.all()).doesNotContain(PASSWORD.strip(), "second line");
        try (SqliteStore store = fixture.openStore()) {
            byte[] sealed = store.upstreamPassword("alice@example.com").orElseThrow();
            assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("Upstream");
            byte[] opened = fixture.sealer().open(sealed, "alice@example.com");
            assertThat(new String(opened, StandardCharsets.UTF_8)).isEqualTo(PASSWORD);
        }
        assertThat(fixture.run("users", "list").out()).contains("stored");
    }

    @Test
    void shouldRefuseAnUnknownUserAndStoreNothing() {
        CliFixture fixture = CliFixture.storedCredential(dir);

        CliRun run = fixture.runWithInput(PASSWORD + "\n", "users", "set-upstream-password", "alice@example.com");

        assertThat(run.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(run.err()).isEqualTo("postern: unknown user alice@example.com; add it first with: "
                + "postern users add alice@example.com\n");
        try (SqliteStore store = fixture.openStore()) {
            assertThat(store.listUsers()).isEmpty();
        }
    }

    @Test
    void shouldAskForTheKeyFileWhenTheConfigurationHasNone() {
        CliFixture fixture = CliFixture.storeOnly(dir);
        fixture.run("users", "add", "alice@example.com");

        CliRun run = fixture.runWithInput(PASSWORD + "\n", "users", "set-upstream-password", "alice@example.com");

        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).hasLineCount(1).contains("upstream-auth.key-file is not set",
                "mode: stored-credential, key-file: FILE");
        try (SqliteStore store = fixture.openStore()) {
            assertThat(store.upstreamPassword("alice@example.com")).isEmpty();
        }
    }

    @Test
    void shouldRefuseAnEmptyPassword() {
        CliFixture fixture = CliFixture.storedCredential(dir);
        fixture.run("users", "add", "alice@example.com");

        CliRun run = fixture.runWithInput("\n", "users", "set-upstream-password", "alice@example.com");

        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).isEqualTo(
                "postern: standard input: empty (expected the upstream password on the first line)\n");
        try (SqliteStore store = fixture.openStore()) {
            assertThat(store.upstreamPassword("alice@example.com")).isEmpty();
        }
    }

    @Test
    void shouldNotTakeThePasswordAsAnArgument() {
        CliFixture fixture = CliFixture.storedCredential(dir);
        fixture.run("users", "add", "alice@example.com");

        CliRun run = fixture.run("users", "set-upstream-password", "alice@example.com", "hunter2");

        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).hasLineCount(1);
        try (SqliteStore store = fixture.openStore()) {
            assertThat(store.upstreamPassword("alice@example.com")).isEmpty();
        }
    }
}
