package dev.postern.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code portal.oidc} section: the users' sign-in, with defaults, and every refusal naming key, value and expectation. */
class PortalOidcConfigTest {

    private static final String CLIENT_SECRET = "portal-Client-s3cret";
    private static final String PORTAL = ConfigFixture.VALID + "portal:\n  address: \"127.0.0.1:8443\"\n"
            + "  public-url: https://mail-access.example.com/\n";

    @TempDir
    Path dir;

    private ConfigFixture fixture;

    @BeforeEach
    void files() {
        fixture = new ConfigFixture(dir);
        dev.postern.core.testing.TestSecrets.register(CLIENT_SECRET);
        fixture.write("oidc.secret", CLIENT_SECRET + "\n");
    }

    @Test
    void shouldHaveNoSignInWithoutTheSection() {
        assertThat(fixture.parse(PORTAL).portal().oidc()).isNull();
    }

    @Test
    void shouldReadEveryKeyAndDeriveTheRedirectUri() {
        PortalConfig portal = fixture.parse(PORTAL + """
                  oidc:
                    issuer: https://login.microsoftonline.com/TENANT/v2.0
                    client-id: portal-app
                    client-secret-file: oidc.secret
                    user-claim: upn
                    allowed-domains: [ Example.COM, example.org ]
                    require-mfa: true
                    mfa-values: [ mfa, hwk ]
                    max-auth-age: 5m
                    session-idle-timeout: 15m
                    session-max-age: 12h
                    provider-timeout: 3s
                """).portal();
        OidcConfig oidc = portal.oidc();

        assertThat(oidc.issuer()).isEqualTo(URI.create("https://login.microsoftonline.com/TENANT/v2.0"));
        assertThat(oidc.clientId()).isEqualTo("portal-app");
        assertThat(oidc.clientSecret().reveal()).isEqualTo(CLIENT_SECRET);
        assertThat(oidc.userClaim()).isEqualTo(OidcConfig.UserClaim.UPN);
        assertThat(oidc.allowedDomains()).containsExactly("example.com", "example.org");
        assertThat(oidc.requireMfa()).isTrue();
        assertThat(oidc.mfaValues()).containsExactly("mfa", "hwk");
        assertThat(oidc.maxAuthAge()).isEqualTo(Duration.ofMinutes(5));
        assertThat(oidc.sessionIdleTimeout()).isEqualTo(Duration.ofMinutes(15));
        assertThat(oidc.sessionMaxAge()).isEqualTo(Duration.ofHours(12));
        assertThat(oidc.providerTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(portal.redirectUri()).isEqualTo(URI.create("https://mail-access.example.com/oidc/callback"));
        assertThat(oidc.toString()).doesNotContain(CLIENT_SECRET);
    }

    @Test
    void shouldDefaultToEmailNoMfaAndTenMinutes() {
        OidcConfig oidc = fixture.parse(PORTAL + "  oidc: { issuer: \"http://127.0.0.1:9000/idp\", client-id: p,"
                + " allowed-domains: [ example.com ] }\n").portal().oidc();

        assertThat(oidc.clientSecret()).isNull();
        assertThat(oidc.userClaim()).isEqualTo(OidcConfig.UserClaim.EMAIL);
        assertThat(oidc.requireMfa()).isFalse();
        assertThat(oidc.mfaValues()).isEqualTo(OidcConfig.DEFAULT_MFA_VALUES);
        assertThat(oidc.maxAuthAge()).isEqualTo(Duration.ofMinutes(10));
        assertThat(oidc.sessionIdleTimeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(oidc.sessionMaxAge()).isEqualTo(Duration.ofHours(8));
    }

    @Test
    void shouldNameKeyValueAndExpectationOfEveryMistake() {
        List<String> problems = fixture.problems(PORTAL + """
                  oidc:
                    issuer: http://login.example.com/idp
                    user-claim: sub
                    allowed-domains: []
                    max-auth-age: 10s
                    session-idle-timeout: 2h
                    session-max-age: 1h
                """);

        assertThat(problems).containsExactlyInAnyOrder(
                "portal.oidc.issuer: \"http://login.example.com/idp\" (" + OidcConfig.ISSUER_EXPECTED
                        + ", without user, query or fragment)",
                "portal.oidc.client-id: missing (expected the portal's client id at the provider)",
                "portal.oidc.user-claim: \"sub\" (expected email, preferred_username or upn)",
                "portal.oidc.allowed-domains: an empty list (" + OidcConfig.DOMAINS_EXPECTED + ")",
                "portal.oidc.max-auth-age: \"10s\" (expected at least 1m)",
                "portal.oidc.session-max-age: \"1h\" (expected at least session-idle-timeout (2h))");
    }
}
