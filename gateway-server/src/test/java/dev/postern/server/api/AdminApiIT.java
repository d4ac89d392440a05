package dev.postern.server.api;

import static dev.postern.server.imap.ImapGatewayHarness.USER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postern.core.account.AccountService;
import dev.postern.core.testing.TestSecrets;
import dev.postern.server.hostile.AuditCapture;
import dev.postern.server.imap.ImapGatewayHarness;
import dev.postern.server.imap.RawImapClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin REST API on a real portal listener (HTTPS with the gateway's certificate), called with
 * the JDK's HTTP client: every route, every refusal of a missing, wrong or revoked token, the
 * errors, and each real answer checked against the OpenAPI document the gateway serves. An app
 * password made through the API logs in over IMAP, and is refused once revoked through the API.
 */
class AdminApiIT {

    private static final String PORTAL_YAML = "portal:\n  address: \"127.0.0.1:0\"\n  public-url: https://localhost\n";
    private static final String BOB = "bob@example.test";

    @TempDir
    static Path folder;
    static ImapGatewayHarness harness;
    static HttpClient http;
    static String token;
    static String tokenId;
    static OpenApiCheck openApi;
    private final AuditCapture audit = new AuditCapture();

    @BeforeAll
    static void start() throws Exception {
        harness = ImapGatewayHarness.builder(folder).extraYaml(PORTAL_YAML).start();
        http = HttpClient.newBuilder().sslContext(harness.clientTls()).connectTimeout(Duration.ofSeconds(5)).build();
        AccountService.CreatedToken created = harness.accounts().createApiToken("provisioning");
        token = created.token();
        tokenId = created.record().id();
        TestSecrets.register(token);
        openApi = new OpenApiCheck(AdminApi.openApiDocument());
    }

    @AfterAll
    static void stop() {
        harness.close();
        assertThat(openApi.checked()).as("answers checked against the OpenAPI document").isGreaterThan(20);
    }

    @AfterEach
    void closeAudit() {
        audit.close();
    }

    private record Answer(int status, String contentType, String body, HttpResponse<String> raw) {
        JsonNode json() throws IOException {
            return new ObjectMapper().readTree(body);
        }
    }

    private Answer call(String method, String path, String json) throws Exception {
        return call(method, path, json, token);
    }

    private Answer call(String method, String path, String json, String bearer) throws Exception {
        return call(method, path, json, bearer, "application/json");
    }

    private Answer call(String method, String path, String json, String bearer, String contentType) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://localhost:"
                + harness.gateway().portalAddress().getPort() + "/api/v1" + path)).timeout(Duration.ofSeconds(30))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", contentType);
        }
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        String type = response.headers().firstValue("Content-Type").orElse(null);
        Answer answer = new Answer(response.statusCode(), type, response.body(), response);
        openApi.check(method, path, answer.status(), type, answer.body());
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(response.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(response.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                assertThat(csp).contains("frame-ancestors 'none'"));
        return answer;
    }

    private static String imapLogin(String user, String password) throws IOException {
        try (RawImapClient client = harness.connectImplicit()) {
            List<String> answer = client.command("a", "LOGIN \"" + user + "\" \"" + password + "\"");
            return answer.get(answer.size() - 1);
        }
    }

    @Test
    void shouldServeItsOpenApiDocumentWithoutAToken() throws Exception {
        Answer document = call("GET", "/openapi.json", null, null);

        assertThat(document.status()).isEqualTo(200);
        assertThat(document.json().get("paths").has("/users/{user}/app-passwords")).isTrue();
    }

    @Test
    void shouldCreateAnAppPasswordThatLogsInAndRevokeItSoTheNextLoginIsRefused() throws Exception {
        Answer created = call("POST", "/users/" + USER.replace("@", "%40") + "/app-passwords",
                "{\"label\":\"api laptop\",\"scopes\":[\"imap\"],\"expires\":\"90d\"}");
        assertThat(created.status()).isEqualTo(201);
        String password = created.json().get("password").asText();
        String id = created.json().get("id").asText();
        TestSecrets.registerPassword(USER, password);
        assertThat(created.raw().headers().firstValue("Location")).contains("/api/v1/app-passwords/" + id);
        assertThat(created.json().get("expires_at").isNull()).isFalse();

        assertThat(imapLogin(USER, password)).startsWith("a OK");
        Answer listed = call("GET", "/users/" + USER + "/app-passwords", null);
        assertThat(listed.body()).contains(id, "api laptop").doesNotContain(password, "$argon2");

        assertThat(call("DELETE", "/app-passwords/" + id, null).status()).isEqualTo(204);
        assertThat(imapLogin(USER, password)).startsWith("a NO");
        assertThat(call("DELETE", "/app-passwords/" + id, null).status()).as("again: the same outcome").isEqualTo(204);
        assertThat(call("GET", "/app-passwords/" + id, null).json().get("status").asText()).isEqualTo("revoked");
        assertThat(call("GET", "/app-passwords/nosuchid", null).status()).isEqualTo(404);

        List<String> changes = audit.await(line -> line.contains("\"event\":\"account_change\""), 2, Duration.ofSeconds(5));
        assertThat(changes.get(0)).contains("\"actor\":\"api_token:provisioning\"", "\"actor_id\":\"" + tokenId + "\"",
                "\"client_ip\":\"127.0.0.1\"", "\"action\":\"app_password_created\"", "\"app_password_id\":\"" + id + "\"");
        assertThat(changes.get(1)).contains("\"action\":\"app_password_revoked\"");
        assertThat(changes).hasSize(2).noneMatch(line -> line.contains(password));
    }

    @Test
    void shouldShowAUsersLoginsAcceptedAndRefusedNewestFirst() throws Exception {
        assertThat(imapLogin(USER, harness.appPassword())).startsWith("a OK");
        assertThat(imapLogin(USER, "wrong-password")).startsWith("a NO");
        assertThat(imapLogin("nobody@example.test", "wrong-password")).startsWith("a NO");

        JsonNode lines = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        do { // written by group commit after each answer
            lines = call("GET", "/users/" + USER + "/activity", null).json();
        } while (!hasRefusal(lines) && System.nanoTime() < deadline && sleep());

        assertThat(hasRefusal(lines)).as("activity: %s", lines).isTrue();
        JsonNode refused = lines.get(0);
        assertThat(refused.get("outcome").asText()).isEqualTo("rejected");
        assertThat(refused.get("reason").asText()).isEqualTo("wrong_password");
        assertThat(refused.get("protocol").asText()).isEqualTo("imap");
        assertThat(refused.get("client_ip").asText()).isEqualTo("127.0.0.1");
        assertThat(lines).anySatisfy(line -> {
            assertThat(line.get("outcome").asText()).isEqualTo("success");
            assertThat(line.get("app_password_label").isNull()).isFalse();
        });
        assertThat(call("GET", "/users/nobody%40example.test/activity", null).status()).as("never stored").isEqualTo(404);
    }

    private static boolean hasRefusal(JsonNode lines) {
        return lines.size() > 0 && lines.get(0).get("outcome").asText().equals("rejected");
    }

    private static boolean sleep() throws InterruptedException {
        Thread.sleep(50);
        return true;
    }

    @Test
    void shouldAddSuspendResumeAndRemoveAUser() throws Exception {
        Answer added = call("POST", "/users", "{\"user\":\"Bob@Example.TEST\"}");
        assertThat(added.status()).isEqualTo(201);
        assertThat(added.json().get("user").asText()).isEqualTo(BOB);
        assertThat(call("POST", "/users", "{\"user\":\"bob@example.test\"}").status()).isEqualTo(409);
        assertThat(call("GET", "/users", null).json()).extracting(node -> node.get("user").asText()).contains(BOB, USER);

        Answer withLimits = call("POST", "/users/" + BOB + "/app-passwords", "{\"label\":\"scanner\",\"scopes\":[\"smtp\"],"
                + "\"send_as\":[\"self\"],\"allow_from\":[\"192.0.2.0/24\"],\"max_messages_per_day\":300}");
        assertThat(withLimits.status()).isEqualTo(201);
        TestSecrets.registerPassword(BOB, withLimits.json().get("password").asText());
        assertThat(withLimits.json().get("send_as").toString()).isEqualTo("[\"self\"]");
        assertThat(withLimits.json().get("max_messages_per_day").asInt()).isEqualTo(300);

        assertThat(call("POST", "/users/" + BOB + "/suspend", null).json().get("state").asText()).isEqualTo("suspended");
        assertThat(call("POST", "/users/" + BOB + "/suspend", null).status()).isEqualTo(409);
        assertThat(call("POST", "/users/" + BOB + "/resume", null).json().get("state").asText()).isEqualTo("active");
        assertThat(call("GET", "/users/" + BOB, null).json().get("active_app_passwords").asInt()).isEqualTo(1);
        assertThat(call("DELETE", "/users/" + BOB, null).status()).isEqualTo(204);
        assertThat(call("GET", "/users/" + BOB, null).status()).isEqualTo(404);
        assertThat(call("DELETE", "/users/" + BOB, null).status()).isEqualTo(404);
    }

    @Test
    void shouldRefuseEveryRouteWithoutAValidToken() throws Exception {
        AccountService.CreatedToken revoked = harness.accounts().createApiToken("old script");
        TestSecrets.register(revoked.token());
        harness.accounts().revokeApiToken(revoked.record().id());
        String wrong = token.substring(0, token.length() - 4) + "AAAA";
        List<String[]> routes = List.of(new String[] {"GET", "/users"}, new String[] {"POST", "/users"},
                new String[] {"GET", "/users/" + USER}, new String[] {"DELETE", "/users/" + USER},
                new String[] {"POST", "/users/" + USER + "/suspend"}, new String[] {"POST", "/users/" + USER + "/resume"},
                new String[] {"GET", "/users/" + USER + "/app-passwords"}, new String[] {"GET", "/users/" + USER + "/activity"},
                new String[] {"POST", "/users/" + USER + "/app-passwords"},
                new String[] {"GET", "/app-passwords/abcd1234"}, new String[] {"DELETE", "/app-passwords/abcd1234"});

        for (String[] route : routes) {
            String body = route[0].equals("POST") ? "{}" : null;
            for (String bearer : new String[] {null, wrong, revoked.token(), "not-a-postern-token"}) {
                Answer answer = call(route[0], route[1], body, bearer);
                assertThat(answer.status()).as("%s %s with %s", route[0], route[1], bearer).isEqualTo(401);
                assertThat(answer.contentType()).isEqualTo("application/problem+json");
                assertThat(answer.raw().headers().firstValue("WWW-Authenticate")).hasValueSatisfying(challenge ->
                        assertThat(challenge).startsWith("Bearer realm=\"postern api\"")
                                .contains(bearer == null ? "realm" : "error=\"invalid_token\""));
            }
        }
        assertThat(harness.gateway().store().findUser(USER)).as("nothing changed").isPresent();
    }

    @Test
    void shouldExplainBadRequestsAsProblemDetails() throws Exception {
        String path = "/users/" + USER + "/app-passwords";

        Answer notJson = call("POST", path, "{\"label\":", token);
        Answer unknownField = call("POST", path, "{\"label\":\"x\",\"color\":\"red\"}");
        Answer badScope = call("POST", path, "{\"label\":\"x\",\"scopes\":[\"nntp\"]}");
        Answer badNetwork = call("POST", path, "{\"label\":\"x\",\"scopes\":[\"smtp\"],\"allow_from\":[\"office\"]}");
        Answer wrongType = call("POST", path, "label=x", token, "application/x-www-form-urlencoded");
        Answer wrongMethod = call("PUT", path, "{}");
        Answer nowhere = call("GET", "/mailboxes", null);
        Answer tooBig = call("POST", path, "{\"label\":\"" + "x".repeat(AdminApi.MAX_BODY) + "\"}");
        for (int again = 0; again < 5; again++) { // answered, never reset, however much of the body is still unread
            assertThat(call("POST", path, "{\"label\":\"" + "y".repeat(AdminApi.MAX_BODY * (again + 2)) + "\"}").status())
                    .isEqualTo(413);
        }
        call("POST", path, "{\"label\":\"twice\",\"scopes\":[\"imap\"]}");
        Answer duplicate = call("POST", path, "{\"label\":\"twice\",\"scopes\":[\"imap\"]}");

        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.json().get("detail").asText()).startsWith("the body is not valid JSON");
        assertThat(unknownField.json().get("detail").asText()).startsWith("unknown field \"color\"");
        assertThat(badScope.json().get("detail").asText()).contains("unknown scope \"nntp\"");
        assertThat(badNetwork.json().get("detail").asText()).startsWith("allow_from: office");
        assertThat(wrongType.status()).isEqualTo(415);
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.raw().headers().firstValue("Allow")).contains("GET, POST");
        assertThat(nowhere.status()).isEqualTo(404);
        assertThat(tooBig.status()).isEqualTo(413);
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.json().get("detail").asText()).contains("already has an app password labelled \"twice\"");
    }

    @Test
    void shouldAnswerEveryHostileFieldAndPathWithAProblemNeverAFailure() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        List<String> values = List.of("null", "true", "-1", "0", "1.5e308", "99999999999999999999", "\"\"", "\" \"",
                "\"\\u0000\"", "\"\\u202e\\u001b[2J\\u0085\"", "\"" + "x".repeat(5_000) + "\"", "[]", "[null]", "[1]",
                "[\"\"]", "{}", "{\"a\":{}}", "\"../..\"", "\"%00\"", "\"0.0.0.0/0\"", "\"::/0\"", "\"999.0.0.1/33\"",
                "\"@\"", "\"a@b@c\"", "\"-90d\"", "\"99999999999d\"", "\"1970-01-01T00:00:00Z\"", "\"+999999999-12-31T23:59:59Z\"");
        String base = "{\"label\":\"sweep\",\"scopes\":[\"imap\",\"smtp\"],\"expires\":\"90d\",\"send_as\":[\"" + USER
                + "\"],\"allow_from\":[\"10.0.0.0/8\"],\"max_messages_per_day\":10}";
        List<String> failures = new ArrayList<>();
        int label = 0;
        for (String field : NewAppPassword.FIELDS) {
            for (String value : values) {
                ObjectNode body = (ObjectNode) mapper.readTree(base);
                body.put("label", "sweep " + label++);
                body.set(field, mapper.readTree(value));
                Answer answer = call("POST", "/users/" + USER + "/app-passwords", body.toString());
                if (answer.status() == 201) {
                    TestSecrets.registerPassword(USER, answer.json().get("password").asText());
                }
                expectAnswered(answer, "POST app-passwords " + field + "=" + shortened(value), failures);
            }
        }
        for (String value : values) {
            expectAnswered(call("POST", "/users", "{\"user\":" + value + "}"), "POST users user=" + shortened(value),
                    failures);
        }
        for (String segment : List.of("%00", "%2F", "..", "%2e%2e", "a%40b%40c", "%E2%80%AE", "%C0%AF", "%ff", "%20",
                "x".repeat(3_000), "%0d%0aSet-Cookie:%20a=b")) {
            for (String[] route : List.of(new String[] {"GET", "/users/%s"}, new String[] {"DELETE", "/users/%s"},
                    new String[] {"GET", "/users/%s/app-passwords"}, new String[] {"GET", "/users/%s/activity"},
                    new String[] {"POST", "/users/%s/suspend"}, new String[] {"GET", "/app-passwords/%s"},
                    new String[] {"DELETE", "/app-passwords/%s"})) {
                Answer answer = call(route[0], route[1].formatted(segment), route[0].equals("POST") ? "{}" : null);
                expectAnswered(answer, route[0] + " " + route[1].formatted(shortened(segment)), failures);
                assertThat(answer.raw().headers().map()).doesNotContainKey("set-cookie");
            }
        }
        assertThat(failures).isEmpty();
        assertThat(harness.gateway().store().appPasswordsOf(USER)).noneMatch(record -> record.label().contains("\u0000"));
    }

    /** A client error with a problem document, or success; never a server error. */
    private static void expectAnswered(Answer answer, String what, List<String> failures) throws IOException {
        if (answer.status() >= 500) {
            failures.add(what + ": " + answer.status() + " " + answer.body());
        } else if (answer.status() >= 400 && !answer.json().hasNonNull("detail")) {
            failures.add(what + ": " + answer.status() + " without a detail: " + answer.body());
        }
    }

    private static String shortened(String text) {
        return text.length() > 30 ? text.substring(0, 30) + "..." : text;
    }
}
