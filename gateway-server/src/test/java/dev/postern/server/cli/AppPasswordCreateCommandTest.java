package dev.postern.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.postern.core.auth.AppPasswordFormat;
import dev.postern.core.auth.hash.Argon2Params;
import dev.postern.core.auth.hash.PasswordHashes;
import dev.postern.core.store.AppPasswordRecord;
import dev.postern.core.store.Scope;
import dev.postern.core.store.sqlite.SqliteStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppPasswordCreateCommandTest {

    private static final Pattern DISPLAYED = Pattern.compile("(?m)^ +([0-9a-z]{4}(?:-[0-9a-z]{4}){6})$");
    private static final PasswordHashes HASHES = new PasswordHashes(Argon2Params.DEFAULT, null, new SecureRandom());

    @TempDir
    Path dir;
    CliFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = CliFixture.storeOnly(dir);
    }

    @Test
    void shouldPrintOneJsonLineWhosePasswordVerifiesAgainstTheStoredHash() throws Exception {
        Instant before = Instant.now().minusMillis(1);

        CliRun run = fixture.run("app-passwords", "create", "--user", "alice@example.com", "--label", "laptop",
                "--output", "json");

        assertThat(run.code()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).hasLineCount(1);
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.fieldNames()).toIterable()
                .containsExactly("id", "user", "label", "password", "scopes", "created_at", "expires_at", "send_as",
                        "allow_from", "max_messages_per_day");
        assertThat(json.get("user").asText()).isEqualTo("alice@example.com");
        assertThat(json.get("label").asText()).isEqualTo("laptop");
        assertThat(json.get("scopes")).extracting(JsonNode::asText).containsExactly("imap", "smtp");
        assertThat(json.get("expires_at").isNull()).isTrue();
        assertThat(Instant.parse(json.get("created_at").asText())).isAfter(before).isBeforeOrEqualTo(Instant.now());
        String password = json.get("password").asText();
        try (SqliteStore store = fixture.openStore()) {
            AppPasswordRecord stored = store.findAppPassword(json.get("id").asText()).orElseThrow();
            assertThat(stored.createdAt()).isEqualTo(Instant.parse(json.get("created_at").asText()));
            assertThat(stored.hash()).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain(password);
            assertThat(verifies(password, stored.hash())).isTrue();
            assertThat(verifies(password.toUpperCase().replace("-", " "), stored.hash())).isTrue();
            assertThat(verifies("not-the-password", stored.hash())).isFalse();
        }
    }

    @Test
    void shouldShowThePasswordOnceInAShortTextBlock() {
        CliRun run = fixture.run("app-passwords", "create", "--user", "alice@example.com", "--label", "laptop",
                "--scopes", "imap");

        assertThat(run.code()).isEqualTo(ExitCodes.OK);
        Matcher displayed = DISPLAYED.matcher(run.out());
        assertThat(displayed.find()).isTrue();
        String password = displayed.group(1);
        assertThat(run.out()).startsWith("New app password for alice@example.com:\n")
                .contains(AppPasswordCreateCommand.SHOWN_ONCE, "label:    laptop", "scopes:   imap", "expires:  never");
        assertThat(run.out().indexOf(password)).isEqualTo(run.out().lastIndexOf(password));
        try (SqliteStore store = fixture.openStore()) {
            AppPasswordRecord stored = store.listAppPasswords(Optional.empty()).get(0);
            assertThat(run.out()).contains("id:       " + stored.id());
            assertThat(stored.scopes()).containsExactly(Scope.IMAP);
            assertThat(verifies(password, stored.hash())).isTrue();
        }
    }

    @Test
    void shouldCreateAnUnknownUser() {
        fixture.run("app-passwords", "create", "--user", "Carol@Example.ORG", "--label", "printer");

        try (SqliteStore store = fixture.openStore()) {
            assertThat(store.findUser("carol@example.org")).isPresent();
            assertThat(store.appPasswordsOf("carol@example.org")).extracting(AppPasswordRecord::label)
                    .containsExactly("printer");
        }
    }

    @Test
    void shouldStoreTheExpiryGivenAsADuration() throws Exception {
        CliRun run = fixture.run("app-passwords", "create", "-u", "alice@example.com", "-l", "trip", "--expires-in",
                "90d", "-o", "json");

        JsonNode json = new ObjectMapper().readTree(run.out());
        Instant created = Instant.parse(json.get("created_at").asText());
        Instant expires = Instant.parse(json.get("expires_at").asText());
        assertThat(Duration.between(created, expires)).isEqualTo(Duration.ofDays(90));
        try (SqliteStore store = fixture.openStore()) {
            assertThat(store.findAppPassword(json.get("id").asText()).orElseThrow().expiresAt()).isEqualTo(expires);
        }
    }

    @Test
    void shouldRefuseADuplicateLabelAndKeepTheFirst() {
        fixture.run("app-passwords", "create", "--user", "alice@example.com", "--label", "laptop");

        CliRun run = fixture.run("app-passwords", "create", "--user", "alice@example.com", "--label", " laptop ");

        assertThat(run.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("postern: alice@example.com already has an app password labelled \"laptop\"")
                .hasLineCount(1);
        assertThat(storedCount()).isEqualTo(1);
    }

    @Test
    void shouldRefuseAMalformedDurationBeforeTouchingTheStore() {
        CliRun run = fixture.run("app-passwords", "create", "--user", "alice@example.com", "--label", "laptop",
                "--expires-in", "9x");

        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).hasLineCount(1).startsWith("postern app-passwords create: ")
                .contains("--expires-in", "\"9x\"", "expected a duration such as");
        assertThat(dir.resolve("postern.db")).doesNotExist();
    }

    @Test
    void shouldRefuseAZeroDuration() {
        CliRun run = fixture.run("app-passwords", "create", "--user", "alice@example.com", "--label", "laptop",
                "--expires-in", "0d");

        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("\"0d\" (expected a duration from 1ms to 3650d");
    }

    @Test
    void shouldRefuseAnUnknownScope() {
        CliRun run = fixture.run("app-passwords", "create", "--user", "alice@example.com", "--label", "laptop",
                "--scopes", "imap,nntp");

        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).hasLineCount(1).contains("--scopes",
                "unknown scope \"nntp\" (expected: imap, imap-read, smtp, pop3)");
        assertThat(dir.resolve("postern.db")).doesNotExist();
    }

    @Test
    void shouldRefuseImapTogetherWithImapRead() {
        CliRun run = fixture.run("app-passwords", "create", "--user", "alice@example.com", "--label", "archiver",
                "--scopes", "imap-read,imap");

        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).hasLineCount(1).contains("--scopes", "scopes imap and imap-read exclude each other");
        assertThat(dir.resolve("postern.db")).doesNotExist();
    }

    @Test
    void shouldCreateAReadOnlyImapAppPassword() {
        CliRun run = fixture.run("app-passwords", "create", "--user", "alice@example.com", "--label", "archiver",
                "--scopes", "imap-read,smtp");

        assertThat(run.code()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("scopes:   imap-read,smtp");
    }

    @Test
    void shouldRefuseBadLimitsNamingTheOptionBeforeTouchingTheStore() {
        CliRun network = fixture.run("app-passwords", "create", "-u", "alice@example.com", "-l", "scanner",
                "--allow-from", "office-lan");
        CliRun sender = fixture.run("app-passwords", "create", "-u", "alice@example.com", "-l", "scanner",
                "--send-as", "<boss@example.com>");
        CliRun quota = fixture.run("app-passwords", "create", "-u", "alice@example.com", "-l", "scanner",
                "--max-messages-per-day", "0");

        assertThat(network.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(network.err()).contains("--allow-from office-lan (expected an IP address or network such as"
                + " 10.0.0.0/8 or 2001:db8::/32)");
        assertThat(sender.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(sender.err()).contains("--send-as \"<boss@example.com>\" (expected an address such as"
                + " scanner@example.com, or self for the user's own address)");
        assertThat(quota.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(quota.err()).contains("--max-messages-per-day 0 (expected a number from 1 to 1000000)");
        assertThat(fixture.run("app-passwords", "list").out()).doesNotContain("scanner");
    }

    @Test
    void shouldRefuseSendingLimitsWithoutTheSmtpScope() {
        CliRun run = fixture.run("app-passwords", "create", "-u", "alice@example.com", "-l", "reader",
                "--scopes", "imap-read", "--send-as", "self");

        assertThat(run.code()).isNotEqualTo(ExitCodes.OK);
        assertThat(run.err()).contains("--send-as and --max-messages-per-day limit SMTP, but the scopes (imap-read)"
                + " do not include smtp");
    }

    @Test
    void shouldRefuseAnEmptyLabel() {
        CliRun run = fixture.run("app-passwords", "create", "--user", "alice@example.com", "--label", "  ");

        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).isEqualTo("postern: label \"  \" is not valid (expected 1-64 printable characters)\n");
        assertThat(dir.resolve("postern.db")).doesNotExist();
    }

    @Test
    void shouldRequireUserAndLabel() {
        CliRun run = fixture.run("app-passwords", "create", "--user", "alice@example.com");

        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).hasLineCount(1).contains("Missing required option: '--label=LABEL'");
    }

    @Test
    void shouldRefuseAnInvalidConfigFileListingItsProblems() {
        fixture.write("postern.yml", "store: { sqlite: postern.db }\nauth: { argon2: { memory-kib: 1024 } }\n");

        CliRun run = fixture.run("app-passwords", "create", "--user", "alice@example.com", "--label", "laptop");

        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).startsWith("auth.argon2.memory-kib: 1024 (expected").hasLineCount(1);
        assertThat(dir.resolve("postern.db")).doesNotExist();
    }

    private int storedCount() {
        try (SqliteStore store = fixture.openStore()) {
            List<AppPasswordRecord> all = store.listAppPasswords(Optional.empty());
            return all.size();
        }
    }

    static boolean verifies(String presented, String hash) {
        return HASHES.verify(AppPasswordFormat.canonicalOrAsTyped(presented).getBytes(StandardCharsets.UTF_8), hash);
    }
}
