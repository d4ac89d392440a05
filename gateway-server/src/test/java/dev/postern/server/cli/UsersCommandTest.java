package dev.postern.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.postern.core.store.UserRecord;
import dev.postern.core.store.sqlite.SqliteStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsersCommandTest {

    @TempDir
    Path dir;
    CliFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = CliFixture.storeOnly(dir);
    }

    @Test
    void shouldAddANormalisedUser() {
        CliRun run = fixture.run("users", "add", "  Alice@Example.COM ");

        assertThat(run.code()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).isEqualTo("Added user alice@example.com.\n");
        try (SqliteStore store = fixture.openStore()) {
            assertThat(store.listUsers()).extracting(UserRecord::name).containsExactly("alice@example.com");
        }
    }

    @Test
    void shouldFindAUserWhateverTheCaseOfTheNameTyped() {
        fixture.run("app-passwords", "create", "--user", "Carol@Example.TEST", "--label", "laptop");

        CliRun again = fixture.run("users", "add", "carol@example.test");
        CliRun removed = fixture.run("users", "remove", "CAROL@example.test");

        assertThat(again.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(again.err()).isEqualTo("postern: user carol@example.test already exists\n");
        assertThat(removed.code()).isEqualTo(ExitCodes.OK);
        assertThat(removed.out()).isEqualTo("Removed user carol@example.test and 1 app password.\n");
        try (SqliteStore store = fixture.openStore()) {
            assertThat(store.listUsers()).isEmpty();
        }
    }

    @Test
    void shouldRefuseToAddAUserTwice() {
        fixture.run("users", "add", "alice@example.com");

        CliRun again = fixture.run("users", "add", "alice@EXAMPLE.com");

        assertThat(again.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(again.err()).isEqualTo("postern: user alice@example.com already exists\n");
        assertThat(again.out()).isEmpty();
    }

    @Test
    void shouldRefuseAnInvalidUserNameWithoutCreatingTheStore() {
        CliRun run = fixture.run("users", "add", "bad name");

        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).startsWith("postern: user name \"bad name\" is not valid (expected").hasLineCount(1);
        assertThat(dir.resolve("postern.db")).doesNotExist();
    }

    @Test
    void shouldListUsersAsAnAlignedTable() {
        fixture.run("users", "add", "alice@example.com");
        fixture.run("app-passwords", "create", "--user", "bob@example.com", "--label", "phone");

        CliRun run = fixture.run("users", "list");

        assertThat(run.code()).isEqualTo(ExitCodes.OK);
        String[] lines = run.out().split("\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[0]).startsWith("USER ").contains("CREATED", "ACTIVE APP PASSWORDS", "UPSTREAM PASSWORD");
        assertThat(run.out()).containsPattern("bob@example.com +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\dZ +1 +none")
                .containsPattern("alice@example.com +\\S+ \\S+ +0 +none");
        int created = lines[0].indexOf("CREATED");
        assertThat(lines[1].charAt(created - 1)).isEqualTo(' ');
        assertThat(lines[1].substring(created)).matches("\\d{4}-.*");
        assertThat(lines[2].substring(created)).matches("\\d{4}-.*");
    }

    @Test
    void shouldListUsersAsOneJsonArray() throws Exception {
        fixture.run("users", "add", "alice@example.com");

        CliRun run = fixture.run("users", "list", "--output", "json");

        assertThat(run.code()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).hasLineCount(1);
        JsonNode users = new ObjectMapper().readTree(run.out());
        assertThat(users.isArray()).isTrue();
        assertThat(users).hasSize(1);
        assertThat(users.get(0).get("user").asText()).isEqualTo("alice@example.com");
        assertThat(users.get(0).get("created_at").asText()).endsWith("Z");
        assertThat(users.get(0).get("active_app_passwords").asInt()).isZero();
        assertThat(users.get(0).get("upstream_password").asBoolean()).isFalse();
    }

    @Test
    void shouldSaySoOnStandardErrorWhenThereAreNoUsers() {
        CliRun run = fixture.run("users", "list");

        assertThat(run.code()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("no users\n");
    }

    @Test
    void shouldPrintAnEmptyJsonArrayWhenThereAreNoUsers() {
        CliRun run = fixture.run("users", "list", "-o", "json");

        assertThat(run.out()).isEqualTo("[]\n");
    }

    @Test
    void shouldRefuseAnUnknownOutputFormat() {
        CliRun run = fixture.run("users", "list", "--output", "yaml");

        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("\"yaml\" (expected: text, json)").hasLineCount(1);
    }

    @Test
    void shouldRemoveAUserWithTheirAppPasswords() {
        fixture.run("app-passwords", "create", "--user", "alice@example.com", "--label", "laptop");
        fixture.run("app-passwords", "create", "--user", "alice@example.com", "--label", "phone");
        fixture.run("users", "add", "bob@example.com");

        CliRun run = fixture.run("users", "remove", "alice@example.com");

        assertThat(run.code()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).isEqualTo("Removed user alice@example.com and 2 app passwords.\n");
        try (SqliteStore store = fixture.openStore()) {
            assertThat(store.listUsers()).extracting(UserRecord::name).containsExactly("bob@example.com");
            assertThat(store.listAppPasswords(java.util.Optional.empty())).isEmpty();
        }
    }

    @Test
    void shouldRefuseToRemoveAnUnknownUser() {
        fixture.run("users", "add", "bob@example.com");

        CliRun run = fixture.run("users", "remove", "alice@example.com");

        assertThat(run.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(run.err()).isEqualTo("postern: unknown user alice@example.com (see: postern users list)\n");
        try (SqliteStore store = fixture.openStore()) {
            assertThat(store.listUsers()).hasSize(1);
        }
    }

    @Test
    void shouldReportAStoreThatIsAFolderInOneLine() throws Exception {
        Files.createDirectory(dir.resolve("postern.db"));

        CliRun run = fixture.run("users", "list");

        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).startsWith("postern: store.sqlite: ").contains("is a folder").hasLineCount(1);
    }

    @Test
    void shouldReportAStoreThatIsNotADatabaseWithoutChangingIt() throws Exception {
        byte[] garbage = "this is not a SQLite file, just some text that is long enough".repeat(20).getBytes();
        Files.write(dir.resolve("postern.db"), garbage);

        CliRun run = fixture.run("users", "add", "alice@example.com");

        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).startsWith("postern: store.sqlite: ").contains("not a SQLite database").hasLineCount(1);
        assertThat(Files.readAllBytes(dir.resolve("postern.db"))).isEqualTo(garbage);
    }

    @Test
    void shouldSuspendAUserKeepingTheirAppPasswords() {
        fixture.run("app-passwords", "create", "--user", "alice@example.com", "--label", "phone");

        CliRun run = fixture.run("users", "suspend", "Alice@Example.COM");

        assertThat(run.code()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).matches("Suspended user alice@example\\.com \\(since \\d{4}-\\d\\d-\\d\\dT[^)]+Z\\)\\.\n"
                + "A running gateway on this store closes the user's open sessions within a second\\.\n");
        assertThat(run.err()).isEmpty();
        try (SqliteStore store = fixture.openStore()) {
            assertThat(store.findUser("alice@example.com").orElseThrow().isSuspended()).isTrue();
            assertThat(store.appPasswordsOf("alice@example.com")).hasSize(1);
        }
    }

    @Test
    void shouldResumeASuspendedUser() {
        fixture.run("users", "add", "alice@example.com");
        fixture.run("users", "suspend", "alice@example.com");

        CliRun run = fixture.run("users", "resume", "ALICE@example.com");

        assertThat(run.code()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).isEqualTo("Resumed user alice@example.com.\n");
        try (SqliteStore store = fixture.openStore()) {
            assertThat(store.findUser("alice@example.com").orElseThrow().isSuspended()).isFalse();
        }
    }

    @Test
    void shouldRefuseToSuspendASuspendedUserOrResumeAnActiveOne() {
        fixture.run("users", "add", "alice@example.com");
        CliRun notSuspended = fixture.run("users", "resume", "alice@example.com");
        fixture.run("users", "suspend", "alice@example.com");

        CliRun twice = fixture.run("users", "suspend", "alice@example.com");

        assertThat(notSuspended.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(notSuspended.err()).isEqualTo("postern: user alice@example.com is not suspended\n");
        assertThat(notSuspended.out()).isEmpty();
        assertThat(twice.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(twice.err()).matches("postern: user alice@example\\.com is already suspended \\(since \\d{4}-[^)]+Z\\)\n");
        assertThat(twice.out()).isEmpty();
    }

    @Test
    void shouldRefuseToSuspendOrResumeAnUnknownUserAsRemoveDoes() {
        fixture.run("users", "add", "alice@example.com");

        CliRun removed = fixture.run("users", "remove", "nobody@example.com");
        CliRun suspended = fixture.run("users", "suspend", "nobody@example.com");
        CliRun resumed = fixture.run("users", "resume", "nobody@example.com");

        assertThat(removed.err()).isEqualTo("postern: unknown user nobody@example.com (see: postern users list)\n");
        for (CliRun run : new CliRun[] {suspended, resumed}) {
            assertThat(run.code()).isEqualTo(ExitCodes.REFUSED);
            assertThat(run.err()).isEqualTo(removed.err());
            assertThat(run.out()).isEmpty();
        }
    }

    @Test
    void shouldListWhetherEachUserIsActiveOrSuspended() throws Exception {
        fixture.run("users", "add", "alice@example.com");
        fixture.run("app-passwords", "create", "--user", "bob@example.com", "--label", "phone");
        fixture.run("users", "suspend", "bob@example.com");

        CliRun text = fixture.run("users", "list");
        CliRun json = fixture.run("users", "list", "-o", "json");

        assertThat(text.code()).isEqualTo(ExitCodes.OK);
        assertThat(text.out().split("\n")[0]).containsPattern("^USER +CREATED +ACTIVE APP PASSWORDS +UPSTREAM PASSWORD +STATE$");
        assertThat(text.out()).containsPattern("bob@example.com +\\S+ \\S+ +1 +none +suspended\n")
                .containsPattern("alice@example.com +\\S+ \\S+ +0 +none +active\n");
        java.util.Map<String, JsonNode> users = new java.util.HashMap<>();
        new ObjectMapper().readTree(json.out()).forEach(user -> users.put(user.get("user").asText(), user));
        assertThat(users.get("bob@example.com").get("state").asText()).isEqualTo("suspended");
        assertThat(users.get("bob@example.com").get("suspended_at").asText()).endsWith("Z");
        assertThat(users.get("alice@example.com").get("state").asText()).isEqualTo("active");
        assertThat(users.get("alice@example.com").get("suspended_at").isNull()).isTrue();
    }
}
