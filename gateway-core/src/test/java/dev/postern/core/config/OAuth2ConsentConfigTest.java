package dev.postern.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code grant: refresh-token}: the consent's endpoints and scopes from each provider's preset, a
 * public client, the sealing key it needs, and every bad key named with its value and expectation.
 */
class OAuth2ConsentConfigTest {

    private static final String FRONT = ConfigFixture.VALID.substring(0, ConfigFixture.VALID.indexOf("upstream-auth:"));
    private static final String MICROSOFT = FRONT + """
            upstream-auth:
              mode: oauth2
              key-file: upstream.key
              oauth2:
                provider: microsoft365
                grant: refresh-token
                tenant: contoso.onmicrosoft.com
                client-id: 0b1c2d3e-app
            """;
    private static final String GOOGLE = FRONT + """
            upstream-auth:
              mode: oauth2
              key-file: upstream.key
              oauth2:
                provider: google
                grant: refresh-token
                client-id: 1234-desktop.apps.googleusercontent.com
                client-secret-file: client.secret
            """;
    private static final String GENERIC = FRONT + """
            upstream-auth:
              mode: oauth2
              key-file: upstream.key
              oauth2:
                provider: generic
                grant: refresh-token
                token-endpoint: https://idp.example/token
                authorization-endpoint: https://idp.example/authorize
                client-id: postern
                scope: openid email mail offline_access
            """;

    @TempDir
    Path dir;

    private ConfigFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new ConfigFixture(dir);
        fixture.write("client.secret", "cl1ent-s3cret\n");
        fixture.write("client.pem", "-----BEGIN CERTIFICATE-----\n");
        fixture.write("client.key", "-----BEGIN PRIVATE KEY-----\n");
    }

    @Test
    void shouldDeriveMicrosoftsConsentEndpointsAndDelegatedScopeFromTheTenantForAPublicClient() {
        UpstreamAuthConfig auth = fixture.parse(MICROSOFT).upstreamAuth();
        OAuth2Config oauth2 = auth.oauth2();

        assertThat(auth.keyFile()).isEqualTo(dir.resolve("upstream.key"));
        assertThat(oauth2.grant()).isEqualTo(OAuth2Config.Grant.REFRESH_TOKEN);
        assertThat(oauth2.perUserConsent()).isTrue();
        assertThat(oauth2.clientSecret()).isNull();
        assertThat(oauth2.clientCertificate()).isNull();
        assertThat(oauth2.tokenEndpoint())
                .isEqualTo(URI.create("https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token"));
        assertThat(oauth2.consent().authorizationEndpoint())
                .isEqualTo(URI.create("https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize"));
        assertThat(oauth2.consent().deviceAuthorizationEndpoint())
                .isEqualTo(URI.create("https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/devicecode"));
        assertThat(oauth2.consent().redirectUri()).isEqualTo(URI.create("http://localhost"));
        assertThat(oauth2.scope()).isEqualTo("https://outlook.office365.com/IMAP.AccessAsUser.All"
                + " https://outlook.office365.com/SMTP.Send https://outlook.office365.com/POP.AccessAsUser.All"
                + " offline_access");
    }

    @Test
    void shouldPresetGooglesConsentWithoutADeviceEndpointAndWithOfflineAccess() {
        OAuth2Config oauth2 = fixture.parse(GOOGLE).upstreamAuth().oauth2();

        assertThat(oauth2.consent().authorizationEndpoint())
                .isEqualTo(URI.create("https://accounts.google.com/o/oauth2/v2/auth"));
        assertThat(oauth2.consent().deviceAuthorizationEndpoint()).isNull();
        assertThat(oauth2.tokenEndpoint()).isEqualTo(URI.create("https://oauth2.googleapis.com/token"));
        assertThat(oauth2.scope()).isEqualTo("https://mail.google.com/");
        assertThat(oauth2.clientSecret().reveal()).isEqualTo("cl1ent-s3cret");
        assertThat(oauth2.provider().consentParameters())
                .containsEntry("access_type", "offline").containsEntry("prompt", "consent");
        assertThat(oauth2.provider().allowsDeviceFlowForMail()).isFalse();
    }

    @Test
    void shouldTakeEveryConsentKeyOfAGenericProviderAndACertificate() {
        String yaml = GENERIC + "    redirect-uri: https://portal.example/connected\n"
                + "    device-authorization-endpoint: http://127.0.0.1:8080/device\n"
                + "    client-certificate-file: client.pem\n    client-key-file: client.key\n";

        OAuth2Config oauth2 = fixture.parse(yaml).upstreamAuth().oauth2();

        assertThat(oauth2.consent().redirectUri()).isEqualTo(URI.create("https://portal.example/connected"));
        assertThat(oauth2.consent().deviceAuthorizationEndpoint()).isEqualTo(URI.create("http://127.0.0.1:8080/device"));
        assertThat(oauth2.consent().authorizationEndpoint()).isEqualTo(URI.create("https://idp.example/authorize"));
        assertThat(oauth2.clientCertificate()).isEqualTo(dir.resolve("client.pem"));
        assertThat(oauth2.scope()).isEqualTo("openid email mail offline_access");
    }

    @Test
    void shouldRefuseAMissingSealingKeyNamingTheKey() {
        String yaml = MICROSOFT.replace("  key-file: upstream.key\n", "");

        assertThat(fixture.problems(yaml)).containsExactly(
                "upstream-auth.key-file: missing (" + UpstreamAuthBinder.KEY_FILE_FOR_REFRESH_TOKENS + ")");
        assertThat(fixture.problems(MICROSOFT.replace("key-file: upstream.key", "key-file: absent.key")))
                .containsExactly("upstream-auth.key-file: " + dir.resolve("absent.key") + " (cannot read: no such file)");
    }

    @Test
    void shouldRefuseTheSealingKeyWithTheOtherGrants() {
        String clientCredentials = MICROSOFT.replace("grant: refresh-token", "grant: client-credentials")
                + "    client-secret-file: client.secret\n";

        assertThat(fixture.problems(clientCredentials)).containsExactly(
                "upstream-auth.key-file: \"upstream.key\" (" + UpstreamAuthBinder.KEY_FILE_ONLY + ")");
    }

    @Test
    void shouldNameEveryMissingOrBadConsentKey() {
        String noAuthorization = GENERIC.replace("    authorization-endpoint: https://idp.example/authorize\n", "");
        String noClient = GENERIC.replace("    client-id: postern\n", "");
        String plainHttp = GENERIC.replace("https://idp.example/authorize", "http://idp.example/authorize");
        String badRedirect = GENERIC + "    redirect-uri: http://portal.example/connected\n";
        String fragment = GENERIC + "    redirect-uri: \"http://localhost/#x\"\n";
        String both = GENERIC + "    client-secret-file: client.secret\n    client-certificate-file: client.pem\n";
        String microsoftWithEndpoint = MICROSOFT.replace("    tenant: contoso.onmicrosoft.com\n",
                "    token-endpoint: https://login.example/token\n");

        assertThat(fixture.problems(noAuthorization)).containsExactly(
                "upstream-auth.oauth2.authorization-endpoint: missing (expected the authorization endpoint's URL for"
                        + " provider generic)");
        assertThat(fixture.problems(noClient)).containsExactly(
                "upstream-auth.oauth2.client-id: missing (expected the application (client) id of the app registration)");
        assertThat(fixture.problems(plainHttp)).containsExactly(
                "upstream-auth.oauth2.authorization-endpoint: \"http://idp.example/authorize\" ("
                        + OAuth2Binder.HTTPS_EXPECTED + ", without user or fragment)");
        assertThat(fixture.problems(badRedirect)).singleElement().asString()
                .startsWith("upstream-auth.oauth2.redirect-uri: \"http://portal.example/connected\" (expected the"
                        + " redirect URI registered for the client: http://localhost (the default), an https URL");
        assertThat(fixture.problems(fragment)).singleElement().asString()
                .startsWith("upstream-auth.oauth2.redirect-uri: \"http://localhost/#x\" (expected");
        assertThat(fixture.problems(both)).containsExactly(
                "upstream-auth.oauth2.client-secret-file: \"client.secret\" (expected at most one of client-secret-file,"
                        + " client-certificate-file (with client-key-file); neither for a public client)");
        assertThat(fixture.problems(microsoftWithEndpoint)).containsExactly(
                "upstream-auth.oauth2.authorization-endpoint: missing (expected the authorization endpoint's URL (with"
                        + " provider microsoft365 it is derived from tenant))");
    }

    @Test
    void shouldRefuseADeviceEndpointForGoogleAndConsentKeysWithTheOtherGrants() {
        String googleDevice = GOOGLE + "    device-authorization-endpoint: https://oauth2.googleapis.com/device/code\n";
        String applicationGrant = FRONT + """
                upstream-auth:
                  mode: oauth2
                  oauth2:
                    provider: microsoft365
                    tenant: contoso.onmicrosoft.com
                    client-id: app
                    client-secret-file: client.secret
                    redirect-uri: http://localhost
                """;

        assertThat(fixture.problems(googleDevice)).containsExactly(
                "upstream-auth.oauth2.device-authorization-endpoint: \"https://oauth2.googleapis.com/device/code\" ("
                        + OAuth2Binder.NO_DEVICE_FLOW_AT_GOOGLE + ")");
        assertThat(fixture.problems(applicationGrant)).containsExactly(
                "upstream-auth.oauth2.redirect-uri: \"http://localhost\" (" + OAuth2Binder.CONSENT_KEYS_ONLY + ")");
    }

    @Test
    void shouldNeverShowTheClientSecretOfAConsentInMessagesOrToString() {
        OAuth2Config oauth2 = fixture.parse(GOOGLE).upstreamAuth().oauth2();
        String broken = GOOGLE.replace("https", "x") + "    redirect-uri: ftp://x\n";

        assertThat(oauth2.toString()).doesNotContain("cl1ent-s3cret");
        assertThat(String.join("\n", fixture.problems(broken))).doesNotContain("cl1ent-s3cret");
    }
}
