package dev.postern.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.postern.core.store.AppPasswordRecord;
import dev.postern.core.store.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppPasswordRevokeCommandTest {

    @TempDir
    Path dir;
    CliFixture fixture;
    String id;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new CliFixture(dir, CliFixture.STORE_ONLY + "auth: { cache: { state-refresh: 3s } }\n");
        CliRun created = fixture.run("app-passwords", "create", "--user", "alice@example.com", "--label", "laptop",
                "--output", "json");
        id = new ObjectMapper().readTree(created.out()).get("id").asText();
    }

    @Test
    void shouldRevokeAndSayWhenARunningGatewayNotices() {
        Instant before = Instant.now().minusMillis(1);

        CliRun run = fixture.run("app-passwords", "revoke", id.toUpperCase());

        assertThat(run.code()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).isEqualTo("Revoked app password " + id + " of alice@example.com (label \"laptop\").\n"
                + AppPasswordRevokeCommand.REVOKED_EVERYWHERE + "\n");
        try (SqliteStore store = fixture.openStore()) {
            AppPasswordRecord record = store.findAppPassword(id).orElseThrow();
            assertThat(record.revokedAt()).isAfter(before).isBeforeOrEqualTo(Instant.now());
        }
    }

    @Test
    void shouldNameTheUserAsStoredWhateverTheCaseItWasCreatedWith() throws Exception {
        CliRun created = fixture.run("app-passwords", "create", "--user", "Carol@Example.TEST", "--label", "phone",
                "--output", "json");
        String carols = new ObjectMapper().readTree(created.out()).get("id").asText();

        CliRun run = fixture.run("app-passwords", "revoke", carols);

        assertThat(run.code()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).startsWith("Revoked app password " + carols + " of carol@example.test (label \"phone\").\n");
        try (SqliteStore store = fixture.openStore()) {
            assertThat(store.appPasswordsOf("carol@example.test")).singleElement()
                    .satisfies(record -> assertThat(record.isRevoked()).isTrue());
        }
    }

    @Test
    void shouldLetTheLabelBeReusedAfterRevocation() {
        fixture.run("app-passwords", "revoke", id);

        CliRun again = fixture.run("app-passwords", "create", "--user", "alice@example.com", "--label", "laptop");

        assertThat(again.code()).isEqualTo(ExitCodes.OK);
    }

    @Test
    void shouldRefuseAnUnknownId() {
        CliRun run = fixture.run("app-passwords", "revoke", "zzzzzzzz");

        assertThat(run.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(run.out()).isEmpty();
        assertThat(run.err())
                .isEqualTo("postern: no app password with id \"zzzzzzzz\" (see: postern app-passwords list)\n");
    }

    @Test
    void shouldRefuseAnAlreadyRevokedIdAndKeepTheFirstRevocationTime() {
        fixture.run("app-passwords", "revoke", id);
        Instant first;
        try (SqliteStore store = fixture.openStore()) {
            first = store.findAppPassword(id).orElseThrow().revokedAt();
        }

        CliRun run = fixture.run("app-passwords", "revoke", id);

        assertThat(run.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(run.err()).isEqualTo("postern: app password " + id + " is already revoked (since " + first + ")\n");
        try (SqliteStore store = fixture.openStore()) {
            assertThat(store.findAppPassword(id).orElseThrow().revokedAt()).isEqualTo(first);
        }
    }

    @Test
    void shouldRequireAnId() {
        CliRun run = fixture.run("app-passwords", "revoke");

        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).hasLineCount(1).contains("Missing required parameter: 'ID'");
    }
}
