package dev.postern.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.postern.core.auth.hash.Argon2Params;
import dev.postern.core.auth.hash.PasswordHashes;
import dev.postern.core.store.AppPasswordRecord;
import dev.postern.core.store.Scope;
import dev.postern.core.store.sqlite.SqliteStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppPasswordImportCommandTest {

    /** bcrypt of "abc" at cost 6 (jBCrypt test vector). */
    private static final String BCRYPT_ABC = "$2a$06$If6bvum7DFjUnE9p2uDeDu0YHzrHM6tf.iqN8.yx.jNN1ILEf7h0i";

    /** HMAC-SHA-256 of "correct horse battery staple" under the pepper bytes 0..31 (Python hmac module). */
    private static final String HMAC_CORRECT_HORSE =
            "$hmac-sha256$paWlpaWlpaWlpaWlpaWlpQ$CP/tNmsMf2ulRjTyFhiPzDzBgrK/qTKguur9uoHHgFg";

    @TempDir
    Path dir;
    CliFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = CliFixture.storeOnly(dir);
    }

    @Test
    void shouldImportABcryptHashReadFromStandardInput() {
        CliRun run = fixture.runWithInput(BCRYPT_ABC + "\r\n", "app-passwords", "import", "--user",
                "alice@example.com", "--label", "legacy", "--scopes", "smtp", "--expires-in", "30d", "--hash-stdin");

        assertThat(run.code()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).startsWith("Imported bcrypt hash as app password ")
                .contains("for alice@example.com (label \"legacy\", scopes smtp, expires ")
                .doesNotContain("$2a$");
        try (SqliteStore store = fixture.openStore()) {
            AppPasswordRecord stored = store.appPasswordsOf("alice@example.com").get(0);
            assertThat(stored.hash()).isEqualTo(BCRYPT_ABC);
            assertThat(stored.scopes()).containsExactly(Scope.SMTP);
            assertThat(Duration.between(stored.createdAt(), stored.expiresAt())).isEqualTo(Duration.ofDays(30));
            assertThat(AppPasswordCreateCommandTest.verifies("abc", stored.hash())).isTrue();
        }
    }

    @Test
    void shouldImportWhatTheHashVerbPrinted() throws Exception {
        CliRun hashed = fixture.runWithInput("correct horse battery staple\n", "hash");

        CliRun run = fixture.runWithInput(hashed.out(), "app-passwords", "import", "-u", "alice@example.com", "-l",
                "old", "--hash-stdin", "-o", "json");

        assertThat(run.code()).isEqualTo(ExitCodes.OK);
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.get("scheme").asText()).isEqualTo("argon2id");
        assertThat(json.has("password")).isFalse();
        assertThat(run.out()).doesNotContain("$argon2");
        try (SqliteStore store = fixture.openStore()) {
            String stored = store.findAppPassword(json.get("id").asText()).orElseThrow().hash();
            assertThat(AppPasswordCreateCommandTest.verifies("correct horse battery staple", stored)).isTrue();
        }
    }

    @Test
    void shouldRefuseAnUnknownHashFormatNamingTheAcceptedSchemesAndWriteNothing() {
        CliRun run = fixture.runWithInput("{SSHA}c2VjcmV0c2FsdA==\n", "app-passwords", "import", "--user",
                "alice@example.com", "--label", "legacy", "--hash-stdin");

        assertThat(run.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).hasLineCount(1)
                .startsWith("postern: standard input: unknown hash format (expected one of: $argon2id$")
                .contains("$2b$", "$pbkdf2-sha256$", "$hmac-sha256$")
                .endsWith("; nothing imported\n")
                .doesNotContain("SSHA");
        assertThat(dir.resolve("postern.db")).doesNotExist();
    }

    @Test
    void shouldRefuseAHashWithUnsafeParameters() {
        CliRun run = fixture.runWithInput("$2a$31$If6bvum7DFjUnE9p2uDeDu0YHzrHM6tf.iqN8.yx.jNN1ILEf7h0i\n",
                "app-passwords", "import", "--user", "alice@example.com", "--label", "legacy", "--hash-stdin");

        assertThat(run.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(run.err()).hasLineCount(1).contains("bcrypt").doesNotContain("If6bvum7");
        assertThat(dir.resolve("postern.db")).doesNotExist();
    }

    @Test
    void shouldImportAPepperedHashWhenThePepperIsConfigured() throws Exception {
        byte[] pepper = new byte[32];
        for (int i = 0; i < pepper.length; i++) {
            pepper[i] = (byte) i;
        }
        Files.write(dir.resolve("pepper"), pepper);
        fixture = new CliFixture(dir, CliFixture.STORE_ONLY + "auth: { pepper-file: pepper }\n");

        CliRun run = fixture.runWithInput(HMAC_CORRECT_HORSE + "\n", "app-passwords", "import", "-u",
                "alice@example.com", "-l", "token", "--hash-stdin");

        assertThat(run.code()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).startsWith("Imported hmac-sha256 hash as app password ");
        PasswordHashes peppered = new PasswordHashes(Argon2Params.DEFAULT, pepper, new SecureRandom());
        try (SqliteStore store = fixture.openStore()) {
            String stored = store.appPasswordsOf("alice@example.com").get(0).hash();
            assertThat(peppered.verify("correct horse battery staple".getBytes(StandardCharsets.UTF_8), stored))
                    .isTrue();
        }
    }

    @Test
    void shouldRefuseAPepperedHashWhenNoPepperIsConfigured() {
        CliRun run = fixture.runWithInput(HMAC_CORRECT_HORSE + "\n", "app-passwords",
                "import", "--user", "alice@example.com", "--label", "legacy", "--hash-stdin");

        assertThat(run.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(run.err()).hasLineCount(1).contains("hmac-sha256", "set auth.pepper-file");
        try (SqliteStore store = fixture.openStore()) {
            assertThat(store.listAppPasswords(Optional.empty())).isEmpty();
        }
    }

    @Test
    void shouldRefuseEmptyStandardInput() {
        CliRun run = fixture.runWithInput("", "app-passwords", "import", "--user", "alice@example.com", "--label",
                "legacy", "--hash-stdin");

        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).isEqualTo(
                "postern: standard input: empty (expected one encoded password hash on the first line)\n");
    }

    @Test
    void shouldRefuseADuplicateLabelAndKeepTheFirstHash() {
        fixture.runWithInput(BCRYPT_ABC + "\n", "app-passwords", "import", "-u", "alice@example.com", "-l", "legacy",
                "--hash-stdin");

        CliRun run = fixture.runWithInput("$2a$06$DCq7YPn5Rq63x1Lad4cll.TV4S6ytwfsfvkgY8jIucDrjc8deX1s.\n",
                "app-passwords", "import", "-u", "alice@example.com", "-l", "legacy", "--hash-stdin");

        assertThat(run.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(run.err()).contains("already has an app password labelled \"legacy\"");
        try (SqliteStore store = fixture.openStore()) {
            assertThat(store.listAppPasswords(Optional.empty())).extracting(AppPasswordRecord::hash)
                    .containsExactly(BCRYPT_ABC);
        }
    }

    @Test
    void shouldRequireTheHashStdinFlag() {
        CliRun run = fixture.runWithInput(BCRYPT_ABC + "\n", "app-passwords", "import", "-u", "alice@example.com",
                "-l", "legacy");

        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).hasLineCount(1).contains("--hash-stdin");
        assertThat(dir.resolve("postern.db")).doesNotExist();
    }
}
