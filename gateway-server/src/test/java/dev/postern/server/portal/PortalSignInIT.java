package dev.postern.server.portal;

import static dev.postern.server.imap.ImapGatewayHarness.USER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.core.testing.HeadlessBrowser;
import dev.postern.core.testing.TestSecrets;
import dev.postern.server.hostile.AuditCapture;
import dev.postern.server.imap.RawImapClient;
import dev.postern.server.setup.Plist;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Node;

/**
 * The portal's sign-in and forms over real HTTPS against a real mock-oauth2-server in this JVM (code flow
 * with PKCE, state and nonce; the ID token checked by Nimbus): a good sign-in and its session cookie;
 * each refusal of the flow (a replayed state, no second factor, another domain) with its page (the
 * ID token's own checks are {@link PortalIdTokenIT}'s); a stale sign-in sent back to the provider with max_age; the CSRF token; escaping; the
 * audit log; sign-out.
 */
class PortalSignInIT {

    private static final Pattern PASSWORD = Pattern.compile("<code id=\"app-password\">([^<]+)</code>");

    @TempDir
    static Path folder;
    static PortalFixture fixture;
    private final AuditCapture audit = new AuditCapture();

    @BeforeAll
    static void start() throws IOException {
        fixture = PortalFixture.start(folder);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @AfterEach
    void closeAudit() {
        audit.close();
    }

    /** A sign-in up to the callback's answer, the provider saying {@code claims} for {@code audience}. */
    private HttpResponse<String> signIn(PortalClient client, Map<String, Object> claims, List<String> audience,
                                        long expiry) throws Exception {
        String authorization = PortalClient.location(client.get(fixture.base() + "/signin"));
        fixture.nextSignIn(claims, audience, expiry);
        String callback = HeadlessBrowser.redirectOf(authorization);
        registerSecrets(client, callback);
        return client.get(callback);
    }

    private static void registerSecrets(PortalClient client, String callback) {
        client.cookies.values().forEach(TestSecrets::register);
        String query = URI.create(callback).getRawQuery();
        for (String pair : query.split("&")) {
            TestSecrets.register(URLDecoder.decode(pair.substring(pair.indexOf('=') + 1), StandardCharsets.UTF_8));
        }
    }

    private PortalClient signedIn(String email) throws Exception {
        PortalClient client = new PortalClient(fixture.harness.clientTls());
        HttpResponse<String> answer = signIn(client, PortalFixture.goodClaims(email), List.of(PortalFixture.CLIENT_ID),
                3600);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(303);
        client.cookies.values().forEach(TestSecrets::register);
        return client;
    }

    private String home(PortalClient client) throws Exception {
        HttpResponse<String> page = client.get(fixture.base() + "/");
        assertThat(page.statusCode()).isEqualTo(200);
        String csrf = PortalClient.csrf(page.body());
        TestSecrets.register(csrf);
        return page.body();
    }

    private static String imapLogin(String user, String password) throws IOException {
        try (RawImapClient client = fixture.harness.connectImplicit()) {
            List<String> answer = client.command("a", "LOGIN \"" + user + "\" \"" + password + "\"");
            return answer.get(answer.size() - 1);
        }
    }

    @Test
    void shouldSignInWithANewHostSessionCookieAndShowTheUsersPage() throws Exception {
        PortalClient client = new PortalClient(fixture.harness.clientTls());
        HttpResponse<String> start = client.get(fixture.base() + "/signin");
        String signInCookie = start.headers().firstValue("Set-Cookie").orElseThrow();
        Map<String, String> request = query(PortalClient.location(start));
        assertThat(request).containsEntry("response_type", "code").containsEntry("client_id", PortalFixture.CLIENT_ID)
                .containsEntry("redirect_uri", fixture.base() + "/oidc/callback")
                .containsEntry("code_challenge_method", "S256").containsKeys("state", "nonce", "code_challenge")
                .doesNotContainKey("max_age");
        assertThat(signInCookie).startsWith("__Host-postern-sign-in=")
                .contains("; Path=/", "; Secure", "; HttpOnly", "; SameSite=Lax").doesNotContain("Domain");
        fixture.nextSignIn(PortalFixture.goodClaims(USER));
        String callback = HeadlessBrowser.redirectOf(PortalClient.location(start));
        registerSecrets(client, callback);

        HttpResponse<String> back = client.get(callback);

        assertThat(back.statusCode()).isEqualTo(303);
        assertThat(PortalClient.location(back)).isEqualTo("/");
        List<String> cookies = back.headers().allValues("Set-Cookie");
        assertThat(cookies).anySatisfy(cookie -> assertThat(cookie).startsWith("__Host-postern-session=")
                .contains("; Path=/", "; Secure", "; HttpOnly", "; SameSite=Lax"));
        assertThat(cookies).anySatisfy(cookie -> assertThat(cookie).startsWith("__Host-postern-sign-in=;")
                .contains("Max-Age=0"));
        client.cookies.values().forEach(TestSecrets::register);
        assertThat(client.cookies).containsOnlyKeys("__Host-postern-session");
        assertThat(client.cookies.get("__Host-postern-session")).as("a new id, not the sign-in's")
                .isNotEqualTo(signInCookie.substring(signInCookie.indexOf('=') + 1, signInCookie.indexOf(';')));
        HttpResponse<String> page = client.get(fixture.base() + "/");
        assertThat(page.body()).contains("<h1>Your app passwords</h1>", USER, "name=\"csrf\"");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                .contains("default-src 'none'", "script-src 'self'", "frame-ancestors 'none'")
                .doesNotContain("unsafe-inline"));
        assertThat(page.headers().firstValue("Strict-Transport-Security")).isPresent();
        assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(page.headers().firstValue("Referrer-Policy")).contains("no-referrer");
        assertThat(page.headers().firstValue("Cache-Control")).contains("no-store");
    }

    @Test
    void shouldRefuseAReplayedState() throws Exception {
        PortalClient client = new PortalClient(fixture.harness.clientTls());
        String authorization = PortalClient.location(client.get(fixture.base() + "/signin"));
        String signInCookie = client.cookies.get("__Host-postern-sign-in");
        fixture.nextSignIn(PortalFixture.goodClaims(USER));
        String callback = HeadlessBrowser.redirectOf(authorization);
        registerSecrets(client, callback);
        assertThat(client.get(callback).statusCode()).isEqualTo(303);

        PortalClient replay = new PortalClient(fixture.harness.clientTls());
        replay.cookies.put("__Host-postern-sign-in", signInCookie);
        HttpResponse<String> again = replay.get(callback);

        assertThat(again.statusCode()).isEqualTo(403);
        assertThat(again.body()).contains(html(SignInRefused.Reason.NO_SIGN_IN_UNDER_WAY.text()));
        assertThat(replay.cookies).doesNotContainKey("__Host-postern-session");
        PortalClient stranger = new PortalClient(fixture.harness.clientTls());
        assertThat(stranger.get(callback).statusCode()).as("without the cookie that started it").isEqualTo(403);
    }

    @Test
    void shouldRefuseASignInWithoutASecondFactorAndSayWhy() throws Exception {
        Map<String, Object> claims = new HashMap<>(PortalFixture.goodClaims(USER));
        claims.put("amr", List.of("pwd"));
        PortalClient client = new PortalClient(fixture.harness.clientTls());

        HttpResponse<String> back = signIn(client, claims, List.of(PortalFixture.CLIENT_ID), 3600);

        assertThat(back.statusCode()).isEqualTo(403);
        assertThat(back.body()).contains("<h1>You were not signed in</h1>",
                html(SignInRefused.Reason.MFA_REQUIRED.text()));
        claims.remove("amr");
        claims.put("acr", "mfa");
        assertThat(signIn(new PortalClient(fixture.harness.clientTls()), claims, List.of(PortalFixture.CLIENT_ID), 3600)
                .statusCode()).as("acr may show it too").isEqualTo(303);
        assertThat(audit.await(line -> line.contains("\"event\":\"portal_sign_in\""), 2, Duration.ofSeconds(5)))
                .satisfiesExactly(
                        refused -> assertThat(refused).contains("\"user\":null", "\"result\":\"refused\"",
                                "\"reason\":\"mfa_required\"", "\"client_ip\":\"127.0.0.1\""),
                        signedIn -> assertThat(signedIn).contains("\"user\":\"" + USER + "\"",
                                "\"result\":\"signed_in\""));
    }

    @Test
    void shouldRefuseAUserOfADomainNotAllowed() throws Exception {
        PortalClient client = new PortalClient(fixture.harness.clientTls());

        HttpResponse<String> back = signIn(client, PortalFixture.goodClaims("mallory@elsewhere.test"),
                List.of(PortalFixture.CLIENT_ID), 3600);

        assertThat(back.statusCode()).isEqualTo(403);
        assertThat(back.body()).contains(html(SignInRefused.Reason.DOMAIN_NOT_ALLOWED.text()));
    }

    @Test
    void shouldSendAStaleSignInBackToTheProviderWithMaxAgeBeforeCreating() throws Exception {
        Map<String, Object> claims = new HashMap<>(PortalFixture.goodClaims(USER));
        claims.put("auth_time", Instant.now().minus(Duration.ofMinutes(20)).getEpochSecond());
        PortalClient client = new PortalClient(fixture.harness.clientTls());
        assertThat(signIn(client, claims, List.of(PortalFixture.CLIENT_ID), 3600).statusCode()).isEqualTo(303);
        client.cookies.values().forEach(TestSecrets::register);
        String csrf = PortalClient.csrf(home(client));
        int before = fixture.harness.gateway().store().appPasswordsOf(USER).size();

        HttpResponse<String> create = client.post(fixture.base() + "/app-passwords",
                Map.of("csrf", csrf, "label", "stale phone", "scope", "imap", "expires", ""));

        assertThat(create.statusCode()).isEqualTo(303);
        assertThat(PortalClient.location(create)).isEqualTo("/signin?again=1");
        assertThat(fixture.harness.gateway().store().appPasswordsOf(USER)).hasSize(before);
        HttpResponse<String> again = client.get(fixture.base() + "/signin?again=1");
        assertThat(query(PortalClient.location(again))).containsEntry("max_age", "600");
        fixture.nextSignIn(PortalFixture.goodClaims(USER));
        String callback = HeadlessBrowser.redirectOf(PortalClient.location(again));
        registerSecrets(client, callback);
        HttpResponse<String> back = client.get(callback);
        assertThat(PortalClient.location(back)).isEqualTo("/?again=1");
        client.cookies.values().forEach(TestSecrets::register);
        String fresh = home(client);
        HttpResponse<String> created = client.post(fixture.base() + "/app-passwords",
                Map.of("csrf", PortalClient.csrf(fresh), "label", "fresh phone", "scope", "imap", "expires", "30d"));
        assertThat(created.statusCode()).isEqualTo(200);
        assertThat(created.body()).contains("<h1>Your new app password</h1>");
        TestSecrets.registerPassword(USER, password(created.body()));
    }

    @Test
    void shouldCreateAnAppPasswordThatLogsInOverImapAndRevokeIt() throws Exception {
        PortalClient client = signedIn(USER);
        String csrf = PortalClient.csrf(home(client));

        HttpResponse<String> created = client.post(fixture.base() + "/app-passwords",
                Map.of("csrf", csrf, "label", "laptop", "scope", "imap", "expires", "90d"));

        assertThat(created.statusCode()).isEqualTo(200);
        String password = password(created.body());
        TestSecrets.registerPassword(USER, password);
        assertThat(password).matches("[0-9a-z]{4}(-[0-9a-z]{4})+");
        assertThat(created.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(created.body()).contains("IMAP", "SSL/TLS", String.valueOf(fixture.harness.implicitPort()),
                "STARTTLS", "/static/copy.js");
        assertThat(imapLogin(USER, password)).startsWith("a OK");
        String listed = home(client);
        assertThat(listed).contains("laptop").doesNotContain(password);
        String id = fixture.harness.gateway().store().appPasswordsOf(USER).stream()
                .filter(record -> record.label().equals("laptop")).findFirst().orElseThrow().id();

        HttpResponse<String> revoked = client.post(fixture.base() + "/app-passwords/revoke",
                Map.of("csrf", csrf, "id", id));

        assertThat(revoked.statusCode()).isEqualTo(303);
        assertThat(imapLogin(USER, password)).startsWith("a NO");
        String page = home(client);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!page.contains("Refused: the app password was revoked") && System.nanoTime() < deadline) {
            Thread.sleep(50); // the activity is written by group commit after each answer
            page = home(client);
        }
        assertThat(page).contains(AccountPage.ACTIVITY, "Refused: the app password was revoked",
                "Signed in with \u201claptop\u201d", "127.0.0.1");
        assertThat(page.indexOf("Refused: the app password was revoked")).as("newest first")
                .isLessThan(page.indexOf("Signed in with \u201claptop\u201d"));
        List<String> changes = audit.await(line -> line.contains("\"event\":\"account_change\"")
                && line.contains(id), 2, Duration.ofSeconds(5));
        assertThat(changes.get(0)).contains("\"actor\":\"portal:" + USER + "\"", "\"client_ip\":\"127.0.0.1\"",
                "\"action\":\"app_password_created\"");
        assertThat(changes.get(1)).contains("\"action\":\"app_password_revoked\"");
        assertThat(changes).noneMatch(line -> line.contains(password));
    }

    @Test
    void shouldOfferTheAppleProfileOfANewAppPasswordOnlyOnItsPageAndOnlyWithThatPassword() throws Exception {
        String user = USER; // the harness's upstream knows this user only
        PortalClient client = signedIn(user);
        String csrf = PortalClient.csrf(home(client));
        HttpResponse<String> created = client.post(fixture.base() + "/app-passwords", List.of(Map.entry("csrf", csrf),
                Map.entry("label", "Alice's iPhone"), Map.entry("scope", "imap"), Map.entry("scope", "smtp"),
                Map.entry("expires", "")));
        String password = password(created.body());
        TestSecrets.registerPassword(user, password);
        String id = fixture.harness.gateway().store().appPasswordsOf(user).stream()
                .filter(record -> record.label().equals("Alice's iPhone")).findFirst().orElseThrow().id();
        assertThat(created.body()).contains(CreatedPage.PROFILE_BUTTON, "name=\"id\" value=\"" + id + "\"",
                "name=\"password\" value=\"" + password + "\"");
        assertThat(home(client)).doesNotContain(CreatedPage.PROFILE_BUTTON);

        HttpResponse<String> profile = client.post(fixture.base() + "/app-passwords/apple-profile",
                Map.of("csrf", csrf, "id", id, "password", password));

        assertThat(profile.statusCode()).isEqualTo(200);
        assertThat(profile.headers().firstValue("Content-Type")).contains("application/x-apple-aspen-config");
        assertThat(profile.headers().firstValue("Content-Disposition"))
                .contains("attachment; filename=\"Alice-s-iPhone.mobileconfig\"");
        assertThat(profile.headers().firstValue("Cache-Control")).contains("no-store");
        Map<String, Node> mail = Plist.firstPayload(profile.body());
        assertThat(mail.get("IncomingMailServerPortNumber").getTextContent())
                .isEqualTo(String.valueOf(fixture.harness.implicitPort()));
        assertThat(mail.get("OutgoingMailServerPortNumber").getTextContent())
                .isEqualTo(String.valueOf(fixture.harness.gateway().addresses("smtp").get(0).getPort()));
        assertThat(mail.get("IncomingMailServerUsername").getTextContent()).isEqualTo(user);
        assertThat(imapLogin(user, mail.get("IncomingPassword").getTextContent())).startsWith("a OK");

        // another password, another user's session, no CSRF token: nothing
        assertThat(client.post(fixture.base() + "/app-passwords/apple-profile",
                Map.of("csrf", csrf, "id", id, "password", otherThan(password))).statusCode())
                .isEqualTo(404);
        PortalClient other = signedIn("heidi@example.test");
        HttpResponse<String> stranger = other.post(fixture.base() + "/app-passwords/apple-profile",
                Map.of("csrf", PortalClient.csrf(home(other)), "id", id, "password", password));
        assertThat(stranger.statusCode()).isEqualTo(404);
        assertThat(stranger.body()).contains(html(CreatedPage.PROFILE_GONE)).doesNotContain(password);
        assertThat(client.post(fixture.base() + "/app-passwords/apple-profile",
                Map.of("id", id, "password", password)).statusCode()).isEqualTo(403);

        // an app password that cannot read mail gets no profile
        HttpResponse<String> sendOnly = client.post(fixture.base() + "/app-passwords",
                Map.of("csrf", csrf, "label", "scanner", "scope", "smtp", "expires", ""));
        TestSecrets.registerPassword(user, password(sendOnly.body()));
        assertThat(sendOnly.body()).doesNotContain(CreatedPage.PROFILE_BUTTON);
    }

    @Test
    void shouldRefuseAPostWithoutTheCsrfTokenAndChangeNothing() throws Exception {
        PortalClient client = signedIn("carol@example.test");
        home(client);

        HttpResponse<String> forged = client.post(fixture.base() + "/app-passwords",
                Map.of("label", "forged", "scope", "imap", "expires", ""));
        HttpResponse<String> wrong = client.post(fixture.base() + "/app-passwords/revoke-all",
                Map.of("csrf", "not-the-token"));

        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).contains(html(MessagePage.CSRF_REFUSED));
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(fixture.harness.gateway().store().appPasswordsOf("carol@example.test")).isEmpty();
    }

    @Test
    void shouldShowALabelWithMarkupAsText() throws Exception {
        PortalClient client = signedIn("dave@example.test");
        String csrf = PortalClient.csrf(home(client));

        HttpResponse<String> created = client.post(fixture.base() + "/app-passwords",
                Map.of("csrf", csrf, "label", "<script>alert(1)</script>", "scope", "imap", "expires", ""));
        TestSecrets.registerPassword("dave@example.test", password(created.body()));

        String page = home(client);
        assertThat(page).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>alert(1)");
        assertThat(created.body()).doesNotContain("<script>alert(1)");
    }

    @Test
    void shouldAnswerEveryHostileFormFieldWithAPageNeverAFailureOrRawMarkup() throws Exception {
        String user = "grace@example.test";
        PortalClient client = signedIn(user);
        String csrf = PortalClient.csrf(home(client));
        String markup = "<img src=x onerror=alert(1)>";
        List<String> values = List.of("", " ", "\u0000", "\r\n", markup, "\"'><svg/onload=alert(1)>", "x".repeat(5_000),
                "%ff", "\ufffd\u202e\u0085", "\ud83d\ude00", "-1", "0", "99999999999d", "1970-01-01", "../..", "imap\u0000");
        List<String> failures = new ArrayList<>();
        int label = 0;
        for (String field : List.of("label", "scope", "expires")) {
            for (String value : values) {
                Map<String, String> form = new HashMap<>(Map.of("csrf", csrf, "label", "form " + label++, "scope", "imap",
                        "expires", "30d"));
                form.put(field, value);
                HttpResponse<String> answer = client.post(fixture.base() + "/app-passwords", form);
                if (answer.statusCode() == 200 && answer.body().contains("id=\"app-password\"")) {
                    TestSecrets.registerPassword(user, password(answer.body()));
                }
                expectPage(answer, "create " + field + "=" + shortened(value), markup, failures);
            }
        }
        for (String path : List.of("/app-passwords/revoke", "/app-passwords/apple-profile")) {
            for (String field : List.of("id", "password")) {
                for (String value : values) {
                    Map<String, String> form = new HashMap<>(Map.of("csrf", csrf, "id", "abcd1234", "password", "x"));
                    form.put(field, value);
                    expectPage(client.post(fixture.base() + path, form), path + " " + field + "=" + shortened(value), markup,
                            failures);
                }
            }
        }
        for (String value : values) {
            expectPage(client.post(fixture.base() + "/app-passwords", Map.of("csrf", value, "label", "no token")),
                    "create csrf=" + shortened(value), markup, failures);
        }
        assertThat(failures).isEmpty();
        assertThat(home(client)).doesNotContain(markup).contains(html(markup)); // the label made of markup, as text
    }

    /** Any answer but a server error, and never the hostile markup as markup. */
    private static void expectPage(HttpResponse<String> answer, String what, String markup, List<String> failures) {
        if (answer.statusCode() >= 500) {
            failures.add(what + ": " + answer.statusCode());
        } else if (answer.body().contains(markup) || answer.body().contains("<svg/onload")) {
            failures.add(what + ": markup shown raw");
        }
    }

    private static String shortened(String text) {
        return text.length() > 30 ? text.substring(0, 30) + "..." : text;
    }

    @Test
    void shouldRefuseToCreateForASuspendedUser() throws Exception {
        fixture.harness.accounts().addUser("frank@example.test");
        PortalClient client = signedIn("frank@example.test");
        String csrf = PortalClient.csrf(home(client));
        fixture.harness.accounts().suspend("frank@example.test");

        HttpResponse<String> created = client.post(fixture.base() + "/app-passwords",
                Map.of("csrf", csrf, "label", "suspended", "scope", "imap", "expires", ""));

        assertThat(created.statusCode()).isEqualTo(403);
        assertThat(created.body()).contains(html(MessagePage.SUSPENDED));
        assertThat(fixture.harness.gateway().store().appPasswordsOf("frank@example.test")).isEmpty();
    }

    @Test
    void shouldEndTheSessionAtSignOutAndRevokeAll() throws Exception {
        PortalClient client = signedIn("erin@example.test");
        String csrf = PortalClient.csrf(home(client));
        for (String label : List.of("one", "two")) {
            HttpResponse<String> created = client.post(fixture.base() + "/app-passwords",
                    Map.of("csrf", csrf, "label", label, "scope", "imap", "expires", ""));
            TestSecrets.registerPassword("erin@example.test", password(created.body()));
        }

        assertThat(client.post(fixture.base() + "/app-passwords/revoke-all", Map.of("csrf", csrf)).statusCode())
                .isEqualTo(303);
        assertThat(fixture.harness.gateway().store().appPasswordsOf("erin@example.test"))
                .hasSize(2).allMatch(record -> record.isRevoked());
        String session = client.cookies.get("__Host-postern-session");
        HttpResponse<String> out = client.post(fixture.base() + "/signout", Map.of("csrf", csrf));

        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(audit.await(line -> line.contains("\"result\":\"signed_out\""), 1, Duration.ofSeconds(5)))
                .singleElement().asString().contains("\"user\":\"erin@example.test\"");
        assertThat(out.headers().allValues("Set-Cookie")).anySatisfy(cookie ->
                assertThat(cookie).startsWith("__Host-postern-session=;").contains("Max-Age=0"));
        PortalClient old = new PortalClient(fixture.harness.clientTls());
        old.cookies.put("__Host-postern-session", session);
        assertThat(old.get(fixture.base() + "/").body()).as("the old cookie opens nothing")
                .contains("<h1>Sign in</h1>");
        assertThat(fixture.harness.gateway().store().findPortalSession(PortalSessions.hash(session))).isEmpty();
    }

    @Test
    void shouldServeItsStylesheetAndScriptAndNotFoundForAnythingElse() throws Exception {
        PortalClient client = new PortalClient(fixture.harness.clientTls());

        assertThat(client.get(fixture.base() + "/static/portal.css").headers().firstValue("Content-Type"))
                .contains("text/css; charset=utf-8");
        assertThat(client.get(fixture.base() + "/static/copy.js").body()).contains("navigator.clipboard");
        assertThat(client.get(fixture.base() + "/nothing-here").statusCode()).isEqualTo(404);
        assertThat(client.get(fixture.base() + "/").body()).contains("<h1>Sign in</h1>", "href=\"/signin\"");
    }

    private static String password(String page) {
        Matcher match = PASSWORD.matcher(page);
        if (!match.find()) {
            throw new AssertionError("no app password in the page: " + page);
        }
        return match.group(1);
    }

    /** The same app password with its first character changed, so it is certainly another one. */
    private static String otherThan(String password) {
        char other = password.charAt(0) == '2' ? '3' : '2';
        return other + password.substring(1);
    }

    private static String html(String text) {
        return Html.text(text);
    }

    private static Map<String, String> query(String url) {
        Map<String, String> values = new HashMap<>();
        for (String pair : URI.create(url).getRawQuery().split("&")) {
            int equals = pair.indexOf('=');
            values.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
        }
        return values;
    }
}
