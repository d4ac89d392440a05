package dev.postern.core.upstream.oauth2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import dev.postern.core.config.OAuth2Config;
import dev.postern.core.config.OAuth2Provider;
import dev.postern.core.config.Secret;
import dev.postern.core.testing.HeadlessBrowser;
import dev.postern.core.testing.TestSecrets;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;

/**
 * The consent of {@link UpstreamConsent}: the authorization request each provider gets (PKCE S256,
 * a state per run, the delegated mail scopes and the OpenID Connect ones that name the account),
 * the code redeemed with the client's secret when it has one, and the account names of an ID token.
 */
class RefreshTokenConsentTest {

    private static final String MICROSOFT_SCOPE = "https://outlook.office365.com/IMAP.AccessAsUser.All"
            + " https://outlook.office365.com/SMTP.Send https://outlook.office365.com/POP.AccessAsUser.All offline_access";

    private static OAuth2Config config(OAuth2Provider provider, URI token, URI authorize, Secret secret, String scope) {
        return new OAuth2Config(provider, OAuth2Config.Grant.REFRESH_TOKEN, token, "postern-app", secret, null, null,
                null, scope, OAuth2Config.Mechanism.AUTO, null, Duration.ofSeconds(10),
                new OAuth2Config.Consent(authorize, OAuth2Config.DEFAULT_REDIRECT_URI, null));
    }

    private static Map<String, String> form(String text) {
        Map<String, String> form = new HashMap<>();
        for (String pair : text.split("&")) {
            int equals = pair.indexOf('=');
            form.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
        }
        return form;
    }

    @Test
    void shouldAskMicrosoftForTheDelegatedMailScopesWithPkceAndAStateOfItsOwn() {
        UpstreamConsent consent = UpstreamConsent.of(config(OAuth2Provider.MICROSOFT365,
                URI.create("https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token"),
                URI.create("https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize"), null,
                MICROSOFT_SCOPE));

        URI first = consent.inBrowser("Alice@Contoso.com").authorizationUri();
        URI second = consent.inBrowser("alice@contoso.com").authorizationUri();

        assertThat(first.toString()).startsWith(
                "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize?").doesNotContain("\n");
        Map<String, String> request = form(first.getRawQuery());
        assertThat(request).containsEntry("response_type", "code").containsEntry("client_id", "postern-app")
                .containsEntry("redirect_uri", "http://localhost").containsEntry("code_challenge_method", "S256")
                .containsEntry("scope", MICROSOFT_SCOPE + " openid profile email")
                .containsEntry("login_hint", "alice@contoso.com").doesNotContainKey("prompt");
        assertThat(Base64.getUrlDecoder().decode(request.get("code_challenge"))).as("SHA-256 of the verifier").hasSize(32);
        assertThat(form(second.getRawQuery()).get("state")).isNotEqualTo(request.get("state"));
        assertThat(form(second.getRawQuery()).get("code_challenge")).isNotEqualTo(request.get("code_challenge"));
    }

    @Test
    void shouldRedeemTheCodeWithTheClientSecretWhenTheClientHasOne() throws Exception {
        MockOAuth2Server server = new MockOAuth2Server();
        server.start(InetAddress.getByName("127.0.0.1"), 0);
        try {
            String secret = "consent-Client-s3cret";
            TestSecrets.register(secret);
            UpstreamConsent consent = UpstreamConsent.of(config(OAuth2Provider.GENERIC,
                    server.tokenEndpointUrl("idp").uri(), server.authorizationEndpointUrl("idp").uri(), new Secret(secret),
                    "openid email offline_access"));
            server.enqueueCallback(new DefaultOAuth2TokenCallback("idp", "sub-1", "JWT", List.of("postern-app"),
                    Map.of("email", "Dave@Example.TEST", "preferred_username", "dave.admin@example.test"), 3600));
            UpstreamConsent.InBrowser browser = consent.inBrowser("dave@example.test");
            String redirect = HeadlessBrowser.redirectOf(browser.authorizationUri().toString());
            TestSecrets.register(form(URI.create(redirect).getRawQuery()).get("code"));

            UpstreamConsent.Connected connected = browser.finish(redirect);

            TestSecrets.register(connected.refreshToken());
            assertThat(connected.accountNames()).containsExactly("dave@example.test", "dave.admin@example.test");
            assertThat(connected.toString()).doesNotContain(connected.refreshToken());
            RecordedRequest redeem = null;
            for (RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS); request != null;
                    request = server.takeRequest(300, TimeUnit.MILLISECONDS)) {
                if (request.getPath().endsWith("/token")) {
                    redeem = request;
                    break;
                }
            }
            assertThat(redeem).isNotNull();
            assertThat(redeem.getHeader("Authorization")).isEqualTo("Basic " + Base64.getEncoder().encodeToString(
                    ("postern-app:" + secret).getBytes(StandardCharsets.UTF_8)));
            assertThatThrownBy(() -> browser.finish(redirect)).as("a code is good once")
                    .isInstanceOf(ConsentRefused.class).hasMessageStartingWith("could not redeem the code: token endpoint ")
                    .hasMessageContaining("invalid_grant").hasMessageEndingWith("; nothing was stored");
        } finally {
            server.shutdown();
        }
    }

    @Test
    void shouldReadTheAccountNamesOfAnIdTokenAndNothingOfAnythingElse() {
        String idToken = new PlainJWT(new JWTClaimsSet.Builder().claim("upn", "Erin@Example.TEST")
                .claim("email", "erin@example.test").claim("preferred_username", 42).build()).serialize();

        assertThat(UpstreamConsent.accountNames(idToken)).containsExactly("erin@example.test");
        assertThat(UpstreamConsent.accountNames("not a token")).isEmpty();
        assertThat(UpstreamConsent.accountNames(null)).isEmpty();
    }

    @Test
    void shouldRefuseAGrantThatTakesNoConsent() {
        OAuth2Config application = new OAuth2Config(OAuth2Provider.GENERIC, OAuth2Config.Grant.CLIENT_CREDENTIALS,
                URI.create("https://idp.example/token"), "app", new Secret("s"), null, null, null, "mail",
                OAuth2Config.Mechanism.AUTO, null, Duration.ofSeconds(10), null);

        assertThatThrownBy(() -> UpstreamConsent.of(application)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("upstream-auth.oauth2.grant: client-credentials (expected refresh-token: only that grant"
                        + " takes a user's consent)");
    }
}
