package dev.postern.server.portal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.core.seal.SecretSealer;
import dev.postern.core.store.UpstreamConnection;
import dev.postern.core.testing.HeadlessBrowser;
import dev.postern.core.testing.TestSecrets;
import dev.postern.server.hostile.AuditCapture;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Connect your mailbox" end to end: a gateway whose upstream logs in with each user's own OAuth2
 * consent (grant refresh-token) at a real mock-oauth2-server in this JVM (issuer {@value #MAIL}), the
 * portal's sign-in at the same server (issuer {@value PortalFixture#ISSUER_ID}). A signed-in user runs
 * the provider's code flow with PKCE from the page; the refresh token lands sealed in the store; the
 * page says connected, and later that the mailbox needs connecting again; a replayed callback, a
 * consent by another account and a callback without a session store nothing.
 */
class MailboxConnectIT {

    private static final String MAIL = "mail";
    private static final String MAIL_CLIENT = "postern-mail";

    @TempDir
    static Path folder;
    static PortalFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        fixture = PortalFixture.start(folder, new MockOAuth2Server(), String.join("\n",
                "upstream-auth:",
                "  mode: oauth2",
                "  key-file: upstream.key",
                "  oauth2:",
                "    provider: generic",
                "    grant: refresh-token",
                "    token-endpoint: %s" + MAIL + "/token",
                "    authorization-endpoint: %s" + MAIL + "/authorize",
                "    client-id: " + MAIL_CLIENT,
                "    scope: openid email https://outlook.office365.com/IMAP.AccessAsUser.All offline_access",
                "    mechanism: xoauth2"));
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    private PortalClient signedIn(String email) throws Exception {
        PortalClient client = new PortalClient(fixture.harness.clientTls());
        String authorization = PortalClient.location(client.get(fixture.base() + "/signin"));
        fixture.nextSignIn(PortalFixture.goodClaims(email));
        HttpResponse<String> back = client.get(HeadlessBrowser.redirectOf(authorization));
        assertThat(back.statusCode()).as(back.body()).isEqualTo(303);
        client.cookies.values().forEach(TestSecrets::register);
        return client;
    }

    private String home(PortalClient client) throws Exception {
        HttpResponse<String> page = client.get(fixture.base() + "/");
        assertThat(page.statusCode()).isEqualTo(200);
        TestSecrets.register(PortalClient.csrf(page.body()));
        return page.body();
    }

    /** Presses "connect your mailbox": the address the portal sends the browser to. */
    private String startConnect(PortalClient client) throws Exception {
        HttpResponse<String> start = client.post(fixture.base() + MailboxConnect.START_PATH,
                Map.of("csrf", PortalClient.csrf(home(client))));
        assertThat(start.statusCode()).as(start.body()).isEqualTo(303);
        return PortalClient.location(start);
    }

    /** The provider's answer for the next consent: an ID token saying {@code account} gave it. */
    private void consentBy(String account) {
        fixture.provider.enqueueCallback(new DefaultOAuth2TokenCallback(MAIL, account, "JWT", List.of(MAIL_CLIENT),
                Map.of("email", account), 3600));
    }

    private static String callbackOf(String authorization) throws Exception {
        String callback = HeadlessBrowser.redirectOf(authorization);
        for (String pair : URI.create(callback).getRawQuery().split("&")) {
            TestSecrets.register(URLDecoder.decode(pair.substring(pair.indexOf('=') + 1), StandardCharsets.UTF_8));
        }
        return callback;
    }

    private static Optional<UpstreamConnection> stored(String user) {
        return fixture.harness.gateway().store().upstreamConnection(user);
    }

    @Test
    void shouldConnectTheMailboxOfTheSignedInUserAndStoreTheRefreshTokenSealed() throws Exception {
        String user = "ivan@example.test";
        PortalClient client = signedIn(user);
        HttpResponse<String> before = client.get(fixture.base() + "/");
        assertThat(before.body()).contains(MailboxSection.NOT_CONNECTED, MailboxSection.CONNECT);
        assertThat(before.headers().firstValue("Content-Security-Policy").orElseThrow())
                .as("the connect form's answer leads to the mail provider").contains(fixture.provider.baseUrl()
                        .toString().replaceAll("/$", ""));

        String authorization = startConnect(client);
        Map<String, String> asked = query(authorization);
        assertThat(authorization).startsWith(fixture.provider.authorizationEndpointUrl(MAIL).toString());
        assertThat(asked).containsEntry("redirect_uri", fixture.base() + "/mailbox/callback")
                .containsEntry("client_id", MAIL_CLIENT).containsEntry("login_hint", user)
                .containsEntry("code_challenge_method", "S256").containsKey("state");
        assertThat(asked.get("scope")).contains("offline_access");
        consentBy(user);
        String callback = callbackOf(authorization);
        try (AuditCapture audit = new AuditCapture()) {
            HttpResponse<String> back = client.get(callback);

            assertThat(back.statusCode()).as(back.body()).isEqualTo(303);
            assertThat(PortalClient.location(back)).isEqualTo("/?connected=1");
            assertThat(audit.await(line -> line.contains("\"action\":\"mailbox_connected\""), 1, Duration.ofSeconds(5)))
                    .singleElement().asString().contains("\"actor\":\"portal:" + user + "\"");
        }
        UpstreamConnection connection = stored(user).orElseThrow();
        String refreshToken = new String(SecretSealer.fromKeyFile(fixture.harness.folder().resolve("upstream.key"))
                .open(connection.sealedRefreshToken(), user), StandardCharsets.UTF_8);
        TestSecrets.register(refreshToken);
        assertThat(refreshToken).isNotBlank();
        assertThat(new String(connection.sealedRefreshToken(), StandardCharsets.ISO_8859_1)).doesNotContain(refreshToken);
        assertThat(client.get(fixture.base() + "/?connected=1").body())
                .contains(MailboxConnect.CONNECTED, "Connected since", MailboxSection.RECONNECT)
                .doesNotContain(MailboxSection.NOT_CONNECTED);

        // the same callback again: nothing under way any more, nothing changed
        HttpResponse<String> replayed = client.get(callback);
        assertThat(replayed.statusCode()).isEqualTo(400);
        assertThat(replayed.body()).contains(Html.text(MailboxConnect.FAILED + MailboxConnect.NOT_UNDER_WAY));
        assertThat(stored(user).orElseThrow().version()).isEqualTo(connection.version());

        // the provider refuses the refresh token later: the page says so, with what it said
        fixture.harness.accounts().markNeedsReconnect(user, connection.version(), "invalid_grant: <AADSTS50173>");
        assertThat(home(client)).contains(MailboxSection.NEEDS_RECONNECT, "invalid_grant: &lt;AADSTS50173&gt;")
                .doesNotContain("<AADSTS50173>");
        assertThat(metrics()).contains("postern_portal_actions_total{action=\"mailbox_connected\"} 1.0",
                "postern_portal_actions_total{action=\"mailbox_connect_failed\"}",
                "postern_portal_sign_ins_total{result=\"signed_in\"}");
    }

    private static String metrics() throws Exception {
        java.net.InetSocketAddress admin = fixture.harness.gateway().adminAddress();
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + admin.getPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void shouldStoreNothingWhenAnotherAccountConsented() throws Exception {
        String user = "judy@example.test";
        PortalClient client = signedIn(user);
        String authorization = startConnect(client);
        consentBy("mallory@example.test");

        HttpResponse<String> back = client.get(callbackOf(authorization));

        assertThat(back.statusCode()).isEqualTo(400);
        assertThat(back.body()).contains(Html.text(String.format(MailboxConnect.OTHER_ACCOUNT, "mallory@example.test",
                user, user)), MailboxSection.NOT_CONNECTED);
        assertThat(stored(user)).isEmpty();
    }

    @Test
    void shouldFinishAConsentOnlyInTheSessionThatStartedIt() throws Exception {
        PortalClient starter = signedIn("kim@example.test");
        String callback = callbackOf(startConnect(starter)); // never redeemed: no answer of the provider queued

        HttpResponse<String> anonymous = new PortalClient(fixture.harness.clientTls()).get(callback);
        PortalClient victim = signedIn("leo@example.test");
        HttpResponse<String> planted = victim.get(callback);

        assertThat(anonymous.statusCode()).isEqualTo(403);
        assertThat(anonymous.body()).contains(Html.text(MessagePage.SESSION_ENDED));
        assertThat(planted.statusCode()).isEqualTo(400);
        assertThat(planted.body()).contains(Html.text(MailboxConnect.NOT_UNDER_WAY));
        assertThat(stored("leo@example.test")).isEmpty();
        assertThat(stored("kim@example.test")).isEmpty();
        assertThat(starter.post(fixture.base() + MailboxConnect.START_PATH, Map.of("csrf", "forged")).statusCode())
                .isEqualTo(403);
    }

    private static Map<String, String> query(String url) {
        Map<String, String> values = new HashMap<>();
        for (String pair : URI.create(url).getRawQuery().split("&")) {
            values.put(URLDecoder.decode(pair.substring(0, pair.indexOf('=')), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(pair.indexOf('=') + 1), StandardCharsets.UTF_8));
        }
        return values;
    }
}
