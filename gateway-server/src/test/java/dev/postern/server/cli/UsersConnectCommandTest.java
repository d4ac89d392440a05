package dev.postern.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import dev.postern.core.seal.SecretSealer;
import dev.postern.core.store.UpstreamConnection;
import dev.postern.core.store.sqlite.SqliteStore;
import dev.postern.core.testing.HeadlessBrowser;
import dev.postern.core.testing.ScriptedTokenAnswers;
import dev.postern.core.testing.TestSecrets;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code postern users connect} against a real authorization server in the test JVM
 * (mock-oauth2-server, whose authorization endpoint signs anybody in without a page): the test is
 * the person, opening the printed address without following the redirect and pasting where it
 * would have gone. The device flow's endpoint is scripted (the mock has none). And {@code users
 * list} with the connections.
 */
class UsersConnectCommandTest {

    private static final String ALICE = "alice@example.test";
    private static final String ISSUER = "default";
    private static final String CLIENT = "postern-desktop";

    @TempDir
    Path dir;

    private final ScriptedTokenAnswers scripted = new ScriptedTokenAnswers();
    private final ScriptedDeviceAnswers device = new ScriptedDeviceAnswers();
    private final List<Duration> pauses = new CopyOnWriteArrayList<>();
    private MockOAuth2Server server;
    private CliFixture fixture;

    @BeforeEach
    void setUp() throws Exception {
        server = new MockOAuth2Server(scripted, device);
        server.start(InetAddress.getByName("127.0.0.1"), 0);
        SecretSealer.createKeyFile(dir.resolve("k"), new SecureRandom());
        fixture = new CliFixture(dir, configuration("generic"));
    }

    @AfterEach
    void tearDown() {
        server.shutdown();
    }

    private String configuration(String provider) {
        String endpoints = provider.equals("generic")
                ? "    token-endpoint: " + server.tokenEndpointUrl(ISSUER) + "\n"
                        + "    authorization-endpoint: " + server.authorizationEndpointUrl(ISSUER) + "\n"
                        + "    device-authorization-endpoint: " + server.url(ISSUER + ScriptedDeviceAnswers.PATH) + "\n"
                        + "    scope: openid email mail offline_access\n"
                : "";
        return CliFixture.STORE_ONLY + "upstream-auth:\n  mode: oauth2\n  key-file: k\n  oauth2:\n"
                + "    provider: " + provider + "\n    grant: refresh-token\n    client-id: " + CLIENT + "\n" + endpoints;
    }

    /** A folder for a second configuration beside the test's. */
    private Path otherFolder() throws java.io.IOException {
        return java.nio.file.Files.createDirectories(dir.resolve("other"));
    }

    private InteractiveRun connect(String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("users", "connect"));
        args.addAll(List.of(options));
        args.addAll(List.of("--config", fixture.config.toString()));
        return InteractiveRun.start(pauses::add, args.toArray(String[]::new));
    }

    private void consentBy(String account) {
        server.enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER, account, "JWT", List.of(CLIENT),
                Map.of("email", account), 3600));
    }

    private UpstreamConnection stored(String user) {
        try (SqliteStore store = fixture.openStore()) {
            return store.upstreamConnection(user).orElse(null);
        }
    }

    private String storedRefreshToken(String user) {
        return new String(fixture.sealer().open(stored(user).sealedRefreshToken(), user), StandardCharsets.UTF_8);
    }

    /** Every token request the server received since the last call, as form bodies. */
    private List<Map<String, String>> tokenRequests() {
        List<Map<String, String>> bodies = new ArrayList<>();
        RecordedRequest request;
        while ((request = takeRequest()) != null) {
            if (request.getPath() != null && request.getPath().endsWith("/token")) {
                bodies.add(form(request.getBody().readUtf8()));
            }
        }
        return bodies;
    }

    private RecordedRequest takeRequest() {
        try {
            return server.takeRequest(300, TimeUnit.MILLISECONDS);
        } catch (RuntimeException noneWithinTheTimeout) {
            return null;
        }
    }

    private static Map<String, String> form(String text) {
        Map<String, String> form = new HashMap<>();
        for (String pair : text == null ? new String[0] : text.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                form.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    private static Map<String, String> query(String address) {
        return form(URI.create(address).getRawQuery());
    }

    @Test
    void shouldPrintTheAuthorizationAddressAloneAndStoreTheRefreshTokenOfTheConsentSealed() throws Exception {
        fixture.run("users", "add", ALICE);
        consentBy(ALICE);

        try (InteractiveRun run = connect(ALICE)) {
            // when: the person opens the one line printed, and pastes where the browser was sent
            String address = run.nextLine();
            String redirect = HeadlessBrowser.redirectOf(address);
            TestSecrets.register(query(redirect).get("code"));
            run.type(redirect);

            // then
            assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
            Map<String, String> request = query(address);
            assertThat(address).startsWith(server.authorizationEndpointUrl(ISSUER).toString() + "?");
            assertThat(request).containsEntry("response_type", "code").containsEntry("client_id", CLIENT)
                    .containsEntry("redirect_uri", "http://localhost").containsEntry("code_challenge_method", "S256")
                    .containsEntry("scope", "openid email mail offline_access").containsEntry("login_hint", ALICE)
                    .containsKeys("state", "code_challenge");
            assertThat(run.out()).isEqualTo(address + "\nConnected the upstream of " + ALICE
                    + " (refresh token encrypted with upstream-auth.key-file).\n");
            assertThat(run.err()).startsWith("Open the address below in any browser, sign in as " + ALICE);
            List<Map<String, String>> redeemed = tokenRequests();
            assertThat(redeemed).singleElement().satisfies(body -> assertThat(body)
                    .containsEntry("grant_type", "authorization_code").containsEntry("code", query(redirect).get("code"))
                    .containsEntry("redirect_uri", "http://localhost").containsKey("code_verifier"));
            TestSecrets.register(redeemed.get(0).get("code_verifier"));
            UpstreamConnection connection = stored(ALICE);
            assertThat(connection.needsReconnect()).isFalse();
            String refreshToken = storedRefreshToken(ALICE);
            TestSecrets.register(refreshToken);
            assertThat(refreshToken).isNotBlank();
            assertThat(run.out() + run.err()).doesNotContain(refreshToken).doesNotContain(query(redirect).get("code"))
                    .doesNotContain(redeemed.get(0).get("code_verifier"));
        }
    }

    @Test
    void shouldRefuseTheAddressOfAnotherRunWithoutRedeemingItsCode() throws Exception {
        fixture.run("users", "add", ALICE);

        try (InteractiveRun run = connect(ALICE)) {
            String redirect = HeadlessBrowser.redirectOf(run.nextLine());
            String state = query(redirect).get("state");
            run.type(redirect.replace("state=" + state, "state=not-" + state));

            assertThat(run.exitCode()).isEqualTo(ExitCodes.REFUSED);
            assertThat(run.err()).contains("postern: the pasted address does not belong to this run (its state differs")
                    .endsWith("; nothing was stored\n");
            assertThat(tokenRequests()).as("the code is never redeemed").isEmpty();
            assertThat(stored(ALICE)).isNull();
        }
    }

    @Test
    void shouldReportAConsentTheUserDeclined() throws Exception {
        fixture.run("users", "add", ALICE);

        try (InteractiveRun run = connect(ALICE)) {
            String state = query(run.nextLine()).get("state");
            run.type("http://localhost/?error=access_denied&error_description=AADSTS65004%3A+User+declined+to+consent"
                    + "+to+access+the+app.&state=" + state);

            assertThat(run.exitCode()).isEqualTo(ExitCodes.REFUSED);
            assertThat(run.err()).endsWith("postern: the provider refused the consent: access_denied: AADSTS65004: User"
                    + " declined to consent to access the app.; nothing was stored\n");
            assertThat(stored(ALICE)).isNull();
        }
    }

    @Test
    void shouldRefuseTextThatIsNotTheAddress() throws Exception {
        fixture.run("users", "add", ALICE);

        try (InteractiveRun run = connect(ALICE)) {
            run.nextLine();
            run.type("I clicked accept");

            assertThat(run.exitCode()).isEqualTo(ExitCodes.REFUSED);
            assertThat(run.err()).contains("postern: the pasted text is not the address the browser was sent to"
                    + " (expected http://localhost?code=...&state=...");
            assertThat(stored(ALICE)).isNull();
        }
    }

    @Test
    void shouldRefuseTheConsentOfAnotherAccountNamingBothUnlessTold() throws Exception {
        fixture.run("users", "add", ALICE);
        consentBy("mallory@example.test");

        try (InteractiveRun run = connect(ALICE)) {
            run.type(HeadlessBrowser.redirectOf(run.nextLine()));

            assertThat(run.exitCode()).isEqualTo(ExitCodes.REFUSED);
            assertThat(run.err()).contains("postern: the consent was given by mallory@example.test, not by " + ALICE
                    + " (sign in as " + ALICE + ", e.g. in a private browser window").endsWith("nothing was stored\n");
            assertThat(stored(ALICE)).isNull();
        }

        consentBy("Alice.Smith@Example.TEST");
        try (InteractiveRun run = connect("--any-account", ALICE)) {
            run.type(HeadlessBrowser.redirectOf(run.nextLine()));

            assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
            assertThat(run.err()).contains("The consent was given by alice.smith@example.test, not by " + ALICE
                    + "; stored anyway (--any-account).");
            assertThat(stored(ALICE)).isNotNull();
        }
    }

    @Test
    void shouldSayWhenTheProviderNamedNoAccount() throws Exception {
        fixture.run("users", "add", ALICE);

        try (InteractiveRun run = connect(ALICE)) {
            run.type(HeadlessBrowser.redirectOf(run.nextLine()));

            assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
            assertThat(run.err()).contains("The provider did not say which account consented (no ID token with email or"
                    + " preferred_username); make sure it was " + ALICE + ".");
            assertThat(stored(ALICE)).isNotNull();
        }
    }

    @Test
    void shouldRefuseAnUnknownUserBeforePrintingAnything() throws Exception {
        CliRun run = fixture.run("users", "connect", ALICE);

        assertThat(run.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("postern: unknown user " + ALICE + "; add it first with: postern users add "
                + ALICE + "\n");
        CliRun setPassword = CliFixture.storedCredential(otherFolder()).runWithInput("pw\n", "users", "set-upstream-password",
                ALICE);
        assertThat(setPassword.err()).as("the same message as set-upstream-password").isEqualTo(run.err());
    }

    @Test
    void shouldRefuseWithoutTheRefreshTokenGrant() throws Exception {
        CliRun run = CliFixture.storedCredential(otherFolder()).run("users", "connect", ALICE);

        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("upstream-auth is not oauth2 with grant refresh-token").hasLineCount(1);
    }

    @Test
    void shouldConnectOnADeviceHonouringTheIntervalAndSlowDown() throws Exception {
        fixture.run("users", "add", ALICE);
        String refreshToken = "device-Refresh-token-0123456789";
        TestSecrets.register(refreshToken);
        TestSecrets.register("device-code-xyz-987654");
        device.json(200, "{\"device_code\":\"device-code-xyz-987654\",\"user_code\":\"WDJB-MJHT\","
                + "\"verification_uri\":\"https://microsoft.com/devicelogin\",\"expires_in\":900,\"interval\":2}");
        scripted.json(400, "{\"error\":\"authorization_pending\"}");
        scripted.json(400, "{\"error\":\"slow_down\"}");
        scripted.json(400, "{\"error\":\"authorization_pending\"}");
        String idToken = new PlainJWT(new JWTClaimsSet.Builder().claim("preferred_username", "ALICE@example.test")
                .subject("x").build()).serialize();
        scripted.json(200, "{\"access_token\":\"device-access-token-123\",\"token_type\":\"Bearer\",\"expires_in\":3600,"
                + "\"refresh_token\":\"" + refreshToken + "\",\"id_token\":\"" + idToken + "\"}");

        try (InteractiveRun run = connect("--device", ALICE)) {
            assertThat(run.nextLine()).isEqualTo("https://microsoft.com/devicelogin");
            assertThat(run.nextLine()).isEqualTo("WDJB-MJHT");

            assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
            assertThat(run.err()).contains("enter the code on the next line, sign in as " + ALICE)
                    .contains("good for 15 minutes");
            assertThat(pauses).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(7),
                    Duration.ofSeconds(7));
            assertThat(storedRefreshToken(ALICE)).isEqualTo(refreshToken);
            List<Map<String, String>> polls = tokenRequests();
            assertThat(polls).hasSize(4).allSatisfy(poll -> assertThat(poll)
                    .containsEntry("grant_type", "urn:ietf:params:oauth:grant-type:device_code")
                    .containsEntry("device_code", "device-code-xyz-987654").containsEntry("client_id", CLIENT));
            assertThat(run.out() + run.err()).doesNotContain(refreshToken).doesNotContain("device-code-xyz-987654");
        }
    }

    @Test
    void shouldStopOnADeclinedOrExpiredDeviceCode() throws Exception {
        fixture.run("users", "add", ALICE);
        device.json(200, "{\"device_code\":\"dc-1\",\"user_code\":\"AAAA-BBBB\",\"verification_uri\":"
                + "\"https://microsoft.com/devicelogin\",\"expires_in\":600}");
        scripted.json(400, "{\"error\":\"access_denied\",\"error_description\":\"AADSTS70000: the user declined\"}");
        device.json(200, "{\"device_code\":\"dc-2\",\"user_code\":\"CCCC-DDDD\",\"verification_uri\":"
                + "\"https://microsoft.com/devicelogin\",\"expires_in\":600}");
        scripted.json(400, "{\"error\":\"authorization_pending\"}");
        scripted.json(400, "{\"error\":\"expired_token\"}");

        try (InteractiveRun declined = connect("--device", ALICE)) {
            assertThat(declined.exitCode()).isEqualTo(ExitCodes.REFUSED);
            assertThat(declined.err()).endsWith("postern: the sign-in was declined: access_denied: AADSTS70000: the user"
                    + " declined; nothing was stored\n");
        }
        try (InteractiveRun expired = connect("--device", ALICE)) {
            assertThat(expired.exitCode()).isEqualTo(ExitCodes.REFUSED);
            assertThat(expired.err()).endsWith("postern: the code expired before the sign-in was finished (it was good"
                    + " for 10 minutes); run the command again; nothing was stored\n");
        }
        assertThat(pauses).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5));
        assertThat(stored(ALICE)).isNull();
    }

    @Test
    void shouldRefuseTheDeviceFlowForGoogle() throws Exception {
        CliFixture google = new CliFixture(dir, configuration("google"));
        google.run("users", "add", ALICE);

        CliRun run = google.run("users", "connect", "--device", ALICE);

        assertThat(run.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("postern: Google does not allow the mail scope (https://mail.google.com/) in"
                + " the device flow; run postern users connect " + ALICE + " without --device, and open the address it"
                + " prints in any browser\n");
    }

    @Test
    void shouldPresetGooglesConsentForOfflineAccess() throws Exception {
        CliFixture google = new CliFixture(dir, configuration("google"));
        google.run("users", "add", ALICE);

        CliRun run = google.runWithInput("", "users", "connect", ALICE);

        String address = run.out().strip();
        assertThat(address).startsWith("https://accounts.google.com/o/oauth2/v2/auth?");
        assertThat(query(address)).containsEntry("access_type", "offline").containsEntry("prompt", "consent")
                .containsEntry("scope", "https://mail.google.com/ openid email")
                .containsEntry("redirect_uri", "http://localhost");
        assertThat(run.code()).as("no address pasted").isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).endsWith("postern: standard input: empty (expected the address the browser was sent to"
                + " on the first line)\n");
    }

    @Test
    void shouldListWhetherEachUserIsConnectedSinceWhenAndWhetherToReconnect() throws Exception {
        fixture.run("users", "add", "carol@example.test");
        fixture.run("users", "add", "bob@example.test");
        fixture.run("users", "add", ALICE);
        Instant connected = Instant.parse("2026-03-01T10:00:00Z");
        try (SqliteStore store = fixture.openStore()) {
            store.connectUpstream(ALICE, new byte[] {1, 2, 3}, connected);
            long version = store.connectUpstream("bob@example.test", new byte[] {4, 5, 6}, connected);
            store.markNeedsReconnect("bob@example.test", version, "invalid_grant: AADSTS70008", connected.plusSeconds(60));
        }

        CliRun text = fixture.run("users", "list");
        CliRun json = fixture.run("users", "list", "--output", "json");

        assertThat(text.code()).isEqualTo(ExitCodes.OK);
        String[] lines = text.out().split("\n");
        assertThat(lines[0]).containsPattern("^USER +CREATED +ACTIVE APP PASSWORDS +UPSTREAM +CONNECTED +STATE$");
        assertThat(text.out()).containsPattern(ALICE + " +\\S+ \\S+ +0 +connected +2026-03-01 10:00Z")
                .containsPattern("bob@example.test +\\S+ \\S+ +0 +reconnect needed +2026-03-01 10:00Z")
                .containsPattern("carol@example.test +\\S+ \\S+ +0 +not connected +never")
                .doesNotContain("UPSTREAM PASSWORD");
        Map<String, JsonNode> users = new HashMap<>();
        new ObjectMapper().readTree(json.out()).forEach(user -> users.put(user.get("user").asText(), user));
        assertThat(users.get(ALICE).get("upstream").asText()).isEqualTo("connected");
        assertThat(users.get(ALICE).get("connected_at").asText()).isEqualTo("2026-03-01T10:00:00Z");
        assertThat(users.get(ALICE).get("needs_reconnect_since").isNull()).isTrue();
        assertThat(users.get("bob@example.test").get("upstream").asText()).isEqualTo("needs_reconnect");
        assertThat(users.get("bob@example.test").get("needs_reconnect_since").asText()).isEqualTo("2026-03-01T10:01:00Z");
        assertThat(users.get("bob@example.test").get("needs_reconnect_reason").asText())
                .isEqualTo("invalid_grant: AADSTS70008");
        assertThat(users.get("carol@example.test").get("upstream").asText()).isEqualTo("not_connected");
        assertThat(users.get("carol@example.test").get("connected_at").isNull()).isTrue();
        assertThat(users.get("carol@example.test").has("upstream_password")).isTrue();
    }

    @Test
    void shouldKeepTheListOfOtherModesAsItWas() throws Exception {
        CliFixture stored = CliFixture.storedCredential(otherFolder());
        stored.run("users", "add", ALICE);

        CliRun text = stored.run("users", "list");
        CliRun json = stored.run("users", "list", "-o", "json");

        assertThat(text.out().split("\n")[0]).containsPattern("^USER +CREATED +ACTIVE APP PASSWORDS +UPSTREAM PASSWORD +STATE$");
        assertThat(json.out()).doesNotContain("connected_at").doesNotContain("\"upstream\"");
    }
}
