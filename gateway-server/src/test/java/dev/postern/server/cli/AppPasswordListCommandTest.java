package dev.postern.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.postern.core.store.AppPasswordRecord;
import dev.postern.core.store.Scope;
import dev.postern.core.store.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppPasswordListCommandTest {

    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    @TempDir
    Path dir;
    CliFixture fixture;
    String createdPassword;
    String createdId;

    @BeforeEach
    void setUp() throws Exception {
        fixture = CliFixture.storeOnly(dir);
        CliRun created = fixture.run("app-passwords", "create", "--user", "alice@example.com", "--label", "laptop",
                "--output", "json");
        JsonNode json = new ObjectMapper().readTree(created.out());
        createdPassword = json.get("password").asText();
        createdId = json.get("id").asText();
        try (SqliteStore store = fixture.openStore()) {
            store.createAppPassword(record("revoked1", "bob@example.com", "old phone", null));
            store.revokeAppPassword("revoked1", T0.plusSeconds(60));
            store.createAppPassword(record("expired1", "bob@example.com", "trip", T0.plusSeconds(3600)));
            store.recordLastUse("expired1", T0.plusSeconds(120), "203.0.113.7");
        }
    }

    @Test
    void shouldListEveryAppPasswordWithItsStatusInAnAlignedTable() {
        CliRun run = fixture.run("app-passwords", "list");

        assertThat(run.code()).isEqualTo(ExitCodes.OK);
        String[] lines = run.out().split("\n");
        assertThat(lines).hasSize(4);
        assertThat(lines[0]).matches("ID +USER +LABEL +SCOPES +CREATED +EXPIRES +LAST USED \\(from IP\\) +LIMITS +STATUS");
        Map<String, String> byId = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            byId.put(lines[i].substring(0, 8), lines[i]);
            assertThat(lines[i].length()).isLessThanOrEqualTo(lines[0].length() + 40);
        }
        assertThat(byId.get(createdId)).contains("alice@example.com", "laptop", "imap,smtp").endsWith("active");
        assertThat(byId.get("revoked1")).contains("old phone", "never").endsWith("revoked");
        assertThat(byId.get("expired1"))
                .contains("2025-03-01 10:00Z", "2025-03-01 11:00Z", "2025-03-01 10:02Z (203.0.113.7)")
                .endsWith("expired");
        int status = lines[0].indexOf("STATUS");
        for (String line : lines) {
            assertThat(line.substring(status)).matches("STATUS|active|revoked|expired");
        }
    }

    @Test
    void shouldShowReadOnlyImapScopeInTextAndJson() throws Exception {
        fixture.run("app-passwords", "create", "--user", "carol@example.com", "--label", "archive script",
                "--scopes", "imap-read");

        CliRun text = fixture.run("app-passwords", "list", "--user", "carol@example.com");
        CliRun json = fixture.run("app-passwords", "list", "--user", "carol@example.com", "--output", "json");

        assertThat(text.out().split("\n")[1]).contains("archive script", " imap-read ").endsWith("active");
        assertThat(new ObjectMapper().readTree(json.out()).get(0).get("scopes").toString())
                .isEqualTo("[\"imap-read\"]");
    }

    @Test
    void shouldShowTheLimitsInTextAndJson() throws Exception {
        CliRun created = fixture.run("app-passwords", "create", "--user", "carol@example.com", "--label", "scanner",
                "--scopes", "smtp", "--send-as", "self", "--send-as", "Scanner@Example.com", "--allow-from",
                "192.0.2.0/24", "--allow-from", "2001:db8::/48", "--max-messages-per-day", "300");

        CliRun text = fixture.run("app-passwords", "list", "--user", "carol@example.com");
        CliRun json = fixture.run("app-passwords", "list", "--user", "carol@example.com", "--output", "json");

        assertThat(created.out()).contains("  limits:   send-as self scanner@example.com, from 192.0.2.0/24"
                + " 2001:db8:0:0:0:0:0:0/48, 300 messages/day");
        assertThat(text.out().split("\n")[1]).contains("send-as self scanner@example.com, from 192.0.2.0/24"
                + " 2001:db8:0:0:0:0:0:0/48, 300 messages/day").endsWith("active");
        JsonNode listed = new ObjectMapper().readTree(json.out()).get(0);
        assertThat(listed.get("send_as").toString()).isEqualTo("[\"self\",\"scanner@example.com\"]");
        assertThat(listed.get("allow_from").toString()).isEqualTo("[\"192.0.2.0/24\",\"2001:db8:0:0:0:0:0:0/48\"]");
        assertThat(listed.get("max_messages_per_day").asInt()).isEqualTo(300);
        assertThat(find(new ObjectMapper().readTree(fixture.run("app-passwords", "list", "-o", "json").out()), createdId)
                .get("max_messages_per_day").isNull()).isTrue();
    }

    @Test
    void shouldNeverPrintASecretOrAHash() {
        for (String format : new String[] {"text", "json"}) {
            CliRun run = fixture.run("app-passwords", "list", "--output", format);

            assertThat(run.all()).doesNotContain(createdPassword, "$argon2", "$2a$", "hash")
                    .doesNotContainIgnoringCase(createdPassword.replace("-", ""));
        }
    }

    @Test
    void shouldListAsOneJsonArray() throws Exception {
        CliRun run = fixture.run("app-passwords", "list", "--output", "json");

        assertThat(run.out()).hasLineCount(1);
        JsonNode list = new ObjectMapper().readTree(run.out());
        assertThat(list.isArray()).isTrue();
        assertThat(list).hasSize(3);
        JsonNode expired = find(list, "expired1");
        assertThat(expired.get("user").asText()).isEqualTo("bob@example.com");
        assertThat(expired.get("scopes")).extracting(JsonNode::asText).containsExactly("imap");
        assertThat(expired.get("created_at").asText()).isEqualTo("2025-03-01T10:00:00Z");
        assertThat(expired.get("expires_at").asText()).isEqualTo("2025-03-01T11:00:00Z");
        assertThat(expired.get("last_used_at").asText()).isEqualTo("2025-03-01T10:02:00Z");
        assertThat(expired.get("last_used_ip").asText()).isEqualTo("203.0.113.7");
        assertThat(expired.get("revoked_at").isNull()).isTrue();
        assertThat(expired.get("status").asText()).isEqualTo("expired");
        assertThat(find(list, "revoked1").get("revoked_at").asText()).isEqualTo("2025-03-01T10:01:00Z");
        assertThat(find(list, "revoked1").get("status").asText()).isEqualTo("revoked");
        assertThat(find(list, createdId).get("status").asText()).isEqualTo("active");
        assertThat(find(list, createdId).get("last_used_at").isNull()).isTrue();
    }

    @Test
    void shouldListOnlyOneUsersAppPasswords() throws Exception {
        CliRun run = fixture.run("app-passwords", "list", "--user", "bob@EXAMPLE.com", "-o", "json");

        JsonNode list = new ObjectMapper().readTree(run.out());
        assertThat(list).extracting(node -> node.get("id").asText()).containsExactlyInAnyOrder("revoked1", "expired1");
    }

    @Test
    void shouldListAUsersAppPasswordsWhateverTheCaseTheyWereCreatedAndAskedWith() throws Exception {
        CliRun created = fixture.run("app-passwords", "create", "--user", "Carol@Example.TEST", "--label", "phone",
                "-o", "json");
        String id = new ObjectMapper().readTree(created.out()).get("id").asText();

        CliRun run = fixture.run("app-passwords", "list", "--user", "carol@example.test", "-o", "json");

        assertThat(run.code()).isEqualTo(ExitCodes.OK);
        JsonNode list = new ObjectMapper().readTree(run.out());
        assertThat(list).extracting(node -> node.get("id").asText()).containsExactly(id);
        assertThat(list).extracting(node -> node.get("user").asText()).containsExactly("carol@example.test");
    }

    @Test
    void shouldRefuseAnUnknownUser() {
        CliRun run = fixture.run("app-passwords", "list", "--user", "carol@example.com");

        assertThat(run.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("postern: unknown user carol@example.com (see: postern users list)\n");
    }

    @Test
    void shouldSaySoWhenAUserHasNoAppPasswords() {
        fixture.run("users", "add", "carol@example.com");

        CliRun run = fixture.run("app-passwords", "list", "--user", "carol@example.com");

        assertThat(run.code()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("no app passwords\n");
    }

    private static JsonNode find(JsonNode list, String id) {
        for (JsonNode node : list) {
            if (node.get("id").asText().equals(id)) {
                return node;
            }
        }
        throw new AssertionError("no app password " + id + " in " + list);
    }

    private static AppPasswordRecord record(String id, String user, String label, Instant expires) {
        return new AppPasswordRecord(id, user, label, EnumSet.of(Scope.IMAP),
                "$2a$06$If6bvum7DFjUnE9p2uDeDu0YHzrHM6tf.iqN8.yx.jNN1ILEf7h0i", null, T0, expires, null, null, null);
    }
}
