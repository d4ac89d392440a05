package dev.postern.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.postern.core.observe.AuditLog;
import dev.postern.core.testing.ImapTestClient;
import dev.postern.core.testing.SelfSignedPem;
import dev.postern.server.demo.Demo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One JSON audit line per login attempt, with every field PROTOCOL.md lists, in a fixed order. */
class AuditLogIT {

    private static final List<String> KEYS = List.of("time", "event", "protocol", "listener", "client_ip", "user",
            "mechanism", "outcome", "reason", "app_password_id", "check_ms", "upstream_ms");
    /** A user name that tries to forge the client_ip field fail2ban reads. */
    private static final String FORGING_USER = "nobody\",\"client_ip\":\"203.0.113.9@example.com";
    private static final Pattern FAIL2BAN_HOST = Pattern.compile("\"client_ip\":\"([^\"]+)\"");

    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void shouldWriteOneLinePerAttemptForSuccessWrongPasswordAndUnknownUser() throws Exception {
        try (Demo demo = Demo.start(dir, 0, 0); CapturedLog audit = CapturedLog.of(AuditLog.LOGGER)) {
            // given
            TestSecrets.register(demo);
            int imaps = demo.gateway().addresses("imap").get(1).getPort();
            SSLContext trust = SelfSignedPem.clientContextTrusting(demo.certificate());
            String wrong = "wrong-" + demo.appPassword();
            dev.postern.core.testing.TestSecrets.registerPassword(Demo.USER, wrong);

            // when: a success, a wrong password and an unknown user, each on its own connection
            login(imaps, trust, "a1", quoted(Demo.USER), quoted(demo.appPassword()), "a1 OK");
            login(imaps, trust, "b1", quoted(Demo.USER), quoted(wrong), "b1 NO [AUTHENTICATIONFAILED]");
            login(imaps, trust, "c1", quoted("nobody@localhost"), quoted(wrong), "c1 NO [AUTHENTICATIONFAILED]");
            login(imaps, trust, "d1", quoted(FORGING_USER), quoted(wrong), "d1 NO [AUTHENTICATIONFAILED]");

            // then: one login line each (the success also writes a new_source line: its first use from loopback)
            List<String> lines = audit.messages().stream().filter(line -> line.contains("\"event\":\"login\"")).toList();
            assertThat(audit.messages()).filteredOn(line -> line.contains("\"event\":\"new_source\"")).hasSize(1);
            assertThat(lines).hasSize(4);
            List<JsonNode> parsed = new ArrayList<>();
            for (String line : lines) {
                JsonNode node = json.readTree(line);
                assertThat(fieldNames(node)).as("keys of %s", line).containsExactlyElementsOf(KEYS);
                assertThat(node.get("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
                assertThat(node.get("event").asText()).isEqualTo("login");
                assertThat(node.get("protocol").asText()).isEqualTo("imap");
                assertThat(node.get("listener").asText()).isNotEmpty();
                assertThat(node.get("client_ip").asText()).isEqualTo("127.0.0.1");
                assertThat(node.get("mechanism").asText()).isEqualTo("login");
                assertThat(node.get("check_ms").isIntegralNumber()).isTrue();
                assertThat(node.get("upstream_ms").isIntegralNumber()).isTrue();
                assertThat(line).doesNotContain(demo.appPassword(), wrong, demo.upstreamPassword(), "$argon2");
                parsed.add(node);
            }
            JsonNode success = parsed.get(0);
            assertThat(success.get("user").asText()).isEqualTo(Demo.USER);
            assertThat(success.get("outcome").asText()).isEqualTo("success");
            assertThat(success.get("reason").isNull()).isTrue();
            assertThat(success.get("app_password_id").asText()).matches("[a-z0-9]{6,}");
            assertThat(success.get("upstream_ms").asLong()).isPositive();

            JsonNode wrongPassword = parsed.get(1);
            assertThat(wrongPassword.get("outcome").asText()).isEqualTo("rejected");
            assertThat(wrongPassword.get("reason").asText()).isEqualTo("wrong_password");
            assertThat(wrongPassword.get("app_password_id").isNull()).isTrue();
            assertThat(wrongPassword.get("upstream_ms").asLong()).isZero();

            JsonNode unknown = parsed.get(2);
            assertThat(unknown.get("user").asText()).isEqualTo("nobody@localhost");
            assertThat(unknown.get("outcome").asText()).isEqualTo("rejected");
            assertThat(unknown.get("reason").asText()).isEqualTo("unknown_user");

            JsonNode forging = parsed.get(3);
            assertThat(forging.get("user").asText()).as("escaped, read back as typed").isEqualTo(FORGING_USER);
            assertThat(forging.get("outcome").asText()).isEqualTo("rejected");
            assertThat(hostsFail2banWouldSee(lines.get(3))).containsExactly("127.0.0.1");
        }
    }

    private static void login(int port, SSLContext trust, String tag, String user, String password, String expected)
            throws Exception {
        try (ImapTestClient client = ImapTestClient.connectTls(port, trust)) {
            assertThat(client.command(tag, "LOGIN " + user + " " + password)).last().asString().startsWith(expected);
        }
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> hostsFail2banWouldSee(String line) {
        List<String> hosts = new ArrayList<>();
        Matcher match = FAIL2BAN_HOST.matcher(line);
        while (match.find()) {
            hosts.add(match.group(1));
        }
        return hosts;
    }
}
