package dev.postern.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.postern.core.auth.ApiTokens;
import dev.postern.core.store.ApiTokenRecord;
import dev.postern.core.store.sqlite.SqliteStore;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiTokensCommandTest {

    @TempDir
    Path dir;
    CliFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = CliFixture.storeOnly(dir);
    }

    @Test
    void shouldPrintTheTokenOnceAndKeepOnlyItsHash() throws Exception {
        CliRun run = fixture.run("api-tokens", "create", "--label", "provisioning", "--output", "json");

        assertThat(run.code()).isEqualTo(ExitCodes.OK);
        JsonNode json = new ObjectMapper().readTree(run.out());
        String token = json.get("token").asText();
        dev.postern.core.testing.TestSecrets.register(token);
        assertThat(token).matches("postern_[0-9a-z]{8}_[A-Za-z0-9_-]{43}");
        assertThat(ApiTokens.idOf(token)).contains(json.get("id").asText());
        try (SqliteStore store = fixture.openStore()) {
            ApiTokenRecord stored = store.findApiToken(json.get("id").asText()).orElseThrow();
            assertThat(stored.label()).isEqualTo("provisioning");
            assertThat(stored.tokenHash()).doesNotContain(token).isEqualTo(ApiTokens.hash(token));
            assertThat(ApiTokens.matches(token, stored.tokenHash())).isTrue();
            assertThat(ApiTokens.matches(token + "x", stored.tokenHash())).isFalse();
        }
        CliRun list = fixture.run("api-tokens", "list");
        CliRun listJson = fixture.run("api-tokens", "list", "-o", "json");
        assertThat(list.out()).contains("provisioning", "never", "active").doesNotContain(token);
        assertThat(listJson.out()).contains("\"label\":\"provisioning\"", "\"status\":\"active\"").doesNotContain(token,
                ApiTokens.hash(token));
    }

    @Test
    void shouldShowTheTokenInAShortTextBlock() {
        CliRun run = fixture.run("api-tokens", "create", "-l", "monitoring");

        assertThat(run.code()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("New API token:", ApiTokenCreateCommand.SHOWN_ONCE, "label:  monitoring",
                "Authorization: Bearer <token>");
        dev.postern.core.testing.TestSecrets.register(run.out().lines().filter(line -> line.contains("postern_"))
                .findFirst().orElseThrow().strip());
    }

    @Test
    void shouldRevokeOnceAndRefuseADuplicateActiveLabel() throws Exception {
        String id = new ObjectMapper().readTree(fixture.run("api-tokens", "create", "-l", "script", "-o", "json").out())
                .get("id").asText();

        CliRun duplicate = fixture.run("api-tokens", "create", "-l", "script");
        CliRun revoked = fixture.run("api-tokens", "revoke", id);
        CliRun again = fixture.run("api-tokens", "revoke", id);
        CliRun unknown = fixture.run("api-tokens", "revoke", "nosuchid");

        assertThat(duplicate.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(duplicate.err()).contains("an active API token is already labelled \"script\"");
        assertThat(revoked.code()).isEqualTo(ExitCodes.OK);
        assertThat(revoked.out()).contains("Revoked API token " + id);
        assertThat(again.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(again.err()).contains("was already revoked");
        assertThat(unknown.err()).contains("no API token with id \"nosuchid\"");
        assertThat(fixture.run("api-tokens", "list").out()).contains("revoked");
    }

    @Test
    void shouldRefuseAnEmptyLabel() {
        CliRun run = fixture.run("api-tokens", "create", "--label", " ");

        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("label \" \" is not valid");
    }
}
