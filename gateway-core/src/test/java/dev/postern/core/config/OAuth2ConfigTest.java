package dev.postern.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code upstream-auth.mode: oauth2}: provider presets, what each grant needs, and every problem named by its key. */
class OAuth2ConfigTest {

    private static final String FRONT = ConfigFixture.VALID.substring(0, ConfigFixture.VALID.indexOf("upstream-auth:"));
    private static final String MICROSOFT = FRONT + """
            upstream-auth:
              mode: oauth2
              oauth2:
                provider: microsoft365
                tenant: contoso.onmicrosoft.com
                client-id: 0b1c2d3e-app
                client-secret-file: client.secret
            """;
    private static final String GOOGLE = FRONT + """
            upstream-auth:
              mode: oauth2
              oauth2:
                provider: google
                service-account-key-file: sa.json
            """;
    private static final String GENERIC = FRONT + """
            upstream-auth:
              mode: oauth2
              oauth2:
                provider: generic
                grant: client-credentials
                token-endpoint: https://idp.example/realms/mail/protocol/openid-connect/token
                client-id: postern
                client-secret-file: client.secret
                scope: mail
            """;

    @TempDir
    Path dir;

    private ConfigFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new ConfigFixture(dir);
        fixture.write("client.secret", "cl1ent-s3cret\n");
        fixture.write("sa.json", "{}");
        fixture.write("client.pem", "-----BEGIN CERTIFICATE-----\n");
        fixture.write("client.key", "-----BEGIN PRIVATE KEY-----\n");
    }

    @Test
    void shouldFillMicrosoftsTokenEndpointScopeAndGrantFromTheTenant() {
        OAuth2Config oauth2 = fixture.parse(MICROSOFT).upstreamAuth().oauth2();

        assertThat(oauth2.tokenEndpoint())
                .isEqualTo(URI.create("https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token"));
        assertThat(oauth2.scope()).isEqualTo("https://outlook.office365.com/.default");
        assertThat(oauth2.grant()).isEqualTo(OAuth2Config.Grant.CLIENT_CREDENTIALS);
        assertThat(oauth2.clientSecret().reveal()).isEqualTo("cl1ent-s3cret");
        assertThat(oauth2.mechanism()).isEqualTo(OAuth2Config.Mechanism.AUTO);
        assertThat(oauth2.requestTimeout()).isEqualTo(OAuth2Config.DEFAULT_REQUEST_TIMEOUT);
        assertThat(oauth2.toString()).doesNotContain("cl1ent-s3cret");
    }

    @Test
    void shouldFillGooglesEndpointScopeAndGrant() {
        OAuth2Config oauth2 = fixture.parse(GOOGLE).upstreamAuth().oauth2();

        assertThat(oauth2.tokenEndpoint()).isEqualTo(URI.create("https://oauth2.googleapis.com/token"));
        assertThat(oauth2.scope()).isEqualTo("https://mail.google.com/");
        assertThat(oauth2.grant()).isEqualTo(OAuth2Config.Grant.JWT_BEARER);
        assertThat(oauth2.serviceAccountKey()).isEqualTo(dir.resolve("sa.json"));
    }

    @Test
    void shouldTakeEveryEndpointOfAGenericProviderAndACertificateInsteadOfASecret() {
        String yaml = GENERIC.replace("    client-secret-file: client.secret\n",
                "    client-certificate-file: client.pem\n    client-key-file: client.key\n")
                + "    mechanism: oauthbearer\n    request-timeout: 3s\n";

        OAuth2Config oauth2 = fixture.parse(yaml).upstreamAuth().oauth2();

        assertThat(oauth2.clientSecret()).isNull();
        assertThat(oauth2.clientCertificate()).isEqualTo(dir.resolve("client.pem"));
        assertThat(oauth2.clientKey()).isEqualTo(dir.resolve("client.key"));
        assertThat(oauth2.mechanism()).isEqualTo(OAuth2Config.Mechanism.OAUTHBEARER);
        assertThat(oauth2.requestTimeout()).hasSeconds(3);
    }

    @Test
    void shouldAllowPlainHttpOnlyOnALoopbackAddress() {
        String loopback = GENERIC.replace("https://idp.example/", "http://127.0.0.1:8080/");

        assertThat(fixture.parse(loopback).upstreamAuth().oauth2().tokenEndpoint().getScheme()).isEqualTo("http");
        assertThat(fixture.problems(GENERIC.replace("https://idp.example/", "http://idp.example/"))).containsExactly(
                "upstream-auth.oauth2.token-endpoint: \"http://idp.example/realms/mail/protocol/openid-connect/token\" ("
                        + OAuth2Binder.HTTPS_EXPECTED + ", without user or fragment)");
        assertThat(fixture.problems(GENERIC.replace("https://idp.example/", "https://user:pw@idp.example/")))
                .singleElement().asString().startsWith("upstream-auth.oauth2.token-endpoint: ")
                .endsWith(OAuth2Binder.HTTPS_EXPECTED + ", without user or fragment)");
    }

    @Test
    void shouldNameEveryMissingKey() {
        String bare = FRONT + "upstream-auth:\n  mode: oauth2\n  oauth2:\n    provider: microsoft365\n";

        assertThat(fixture.problems(bare)).containsExactly(
                "upstream-auth.oauth2.tenant: missing (expected the tenant's domain (contoso.onmicrosoft.com) or"
                        + " directory id, or a token-endpoint)",
                "upstream-auth.oauth2.client-id: missing (expected the application (client) id of the app registration)",
                "upstream-auth.oauth2.client-secret-file: missing (expected exactly one of client-secret-file,"
                        + " client-certificate-file (with client-key-file))");
        assertThat(fixture.problems(FRONT + "upstream-auth:\n  mode: oauth2\n")).singleElement().asString()
                .startsWith("upstream-auth.oauth2: missing (expected a map with keys: provider, grant, tenant,");
        assertThat(fixture.problems(GENERIC.replace("    scope: mail\n", ""))).containsExactly(
                "upstream-auth.oauth2.scope: missing (expected the scope to ask for, e.g."
                        + " https://outlook.office365.com/.default)");
    }

    @Test
    void shouldRefuseKeysThatBelongToAnotherGrantOrMode() {
        String mixed = GOOGLE + "    client-id: x\n    tenant: contoso.onmicrosoft.com\n";
        String withMasterUser = MICROSOFT + "  master-user: postern\n";

        assertThat(fixture.problems(mixed)).containsExactly(
                "upstream-auth.oauth2.tenant: \"contoso.onmicrosoft.com\" (used only with provider microsoft365)",
                "upstream-auth.oauth2.client-id: \"x\" (used only with grants client-credentials and refresh-token"
                        + " (jwt-bearer takes the client from the service-account key file))");
        assertThat(fixture.problems(withMasterUser)).containsExactly(
                "upstream-auth.master-user: \"postern\" (used only in master-user mode)");
    }

    @Test
    void shouldRefuseAnUnknownProviderGrantOrMechanismAndABadTenant() {
        assertThat(fixture.problems(MICROSOFT.replace("microsoft365", "exchange"))).containsExactly(
                "upstream-auth.oauth2.provider: \"exchange\" (expected one of: microsoft365, google, generic)");
        assertThat(fixture.problems(MICROSOFT + "    grant: password\n")).containsExactly(
                "upstream-auth.oauth2.grant: \"password\" (expected one of: client-credentials, jwt-bearer,"
                        + " refresh-token)");
        assertThat(fixture.problems(MICROSOFT + "    mechanism: plain\n")).containsExactly(
                "upstream-auth.oauth2.mechanism: \"plain\" (expected one of: xoauth2, oauthbearer, auto)");
        assertThat(fixture.problems(MICROSOFT.replace("contoso.onmicrosoft.com", "contoso/../x"))).containsExactly(
                "upstream-auth.oauth2.tenant: \"contoso/../x\" (expected a domain name or directory id (letters,"
                        + " digits, dots, dashes))");
    }

    @Test
    void shouldNameAnUnreadableSecretFile() throws Exception {
        java.nio.file.Files.delete(dir.resolve("client.secret"));

        assertThat(fixture.problems(MICROSOFT)).containsExactly("upstream-auth.oauth2.client-secret-file: "
                + dir.resolve("client.secret") + " (cannot read: no such file)");
    }

    @Test
    void shouldTakeTheProvidersMailServersWhenNoUpstreamIsGiven() {
        String imapOnly = MICROSOFT.replace("""
              upstream:
                address: "mail.example.org:993"
                tls: implicit
            """, "");
        String google = GOOGLE.replace("""
              upstream:
                address: "mail.example.org:993"
                tls: implicit
            """, "  upstream: { connect-timeout: 5s }\n");

        UpstreamConfig microsoft = fixture.parse(imapOnly).protocol("imap").upstream();
        UpstreamConfig gmail = fixture.parse(google).protocol("imap").upstream();

        assertThat(microsoft.address()).isEqualTo(new HostPort("outlook.office365.com", 993));
        assertThat(microsoft.tls()).isEqualTo(UpstreamTls.IMPLICIT);
        assertThat(microsoft.serverName()).isEqualTo("outlook.office365.com");
        assertThat(gmail.address()).isEqualTo(new HostPort("imap.gmail.com", 993));
        assertThat(gmail.connectTimeout()).hasSeconds(5);
        assertThat(fixture.parse(MICROSOFT).protocol("imap").upstream().address())
                .isEqualTo(new HostPort("mail.example.org", 993));
    }

    @Test
    void shouldStillRequireAnUpstreamForAGenericProvider() {
        String noUpstream = GENERIC.replace("""
              upstream:
                address: "mail.example.org:993"
                tls: implicit
            """, "");

        assertThat(fixture.problems(noUpstream)).singleElement().asString().startsWith("imap.upstream: missing");
    }
}
