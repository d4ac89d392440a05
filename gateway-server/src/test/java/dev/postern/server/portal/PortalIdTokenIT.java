package dev.postern.server.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import dev.postern.core.config.OidcConfig;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The portal's ID token checks against a real mock-oauth2-server in this JVM: {@link OidcProvider} reads
 * its discovery document and keys over HTTP, and refuses a token for another client, an expired one, one
 * whose signature is not the provider's, one of another issuer and one without the sign-in's nonce.
 * (mock-oauth2-server's code flow always issues a fresh token for the client that redeems the code, so
 * these tokens are issued directly, signed by the provider's own key.)
 */
class PortalIdTokenIT {

    private static final String NONCE = "nonce-of-this-sign-in";
    static MockOAuth2Server server;
    static IDTokenValidator validator;

    @BeforeAll
    static void start() throws Exception {
        server = new MockOAuth2Server();
        server.start(InetAddress.getByName("127.0.0.1"), 0);
        OidcConfig config = new OidcConfig(server.issuerUrl(PortalFixture.ISSUER_ID).uri(), PortalFixture.CLIENT_ID,
                null, OidcConfig.UserClaim.EMAIL, List.of("example.test"), false, OidcConfig.DEFAULT_MFA_VALUES,
                Duration.ofMinutes(10), Duration.ofMinutes(30), Duration.ofHours(8), Duration.ofSeconds(5));
        validator = new OidcProvider(config).discovered().validator();
    }

    @AfterAll
    static void stop() {
        server.shutdown();
    }

    private static SignedJWT token(String issuer, List<String> audience, long expiry, Map<String, Object> claims) {
        return server.issueToken(issuer, PortalFixture.CLIENT_ID, new DefaultOAuth2TokenCallback(issuer, "subject-1",
                "JWT", audience, claims, expiry));
    }

    private static SignedJWT good() {
        return token(PortalFixture.ISSUER_ID, List.of(PortalFixture.CLIENT_ID), 3600,
                Map.of("nonce", NONCE, "email", "alice@example.test"));
    }

    @Test
    void shouldAcceptTheProvidersTokenForThisClientWithTheNonce() throws Exception {
        assertThat(validator.validate(good(), new Nonce(NONCE)).getStringClaim("email")).isEqualTo("alice@example.test");
    }

    @Test
    void shouldRefuseATokenForAnotherClient() {
        SignedJWT other = token(PortalFixture.ISSUER_ID, List.of("another-client"), 3600, Map.of("nonce", NONCE));

        assertThatThrownBy(() -> validator.validate(other, new Nonce(NONCE))).isInstanceOf(BadJOSEException.class)
                .hasMessageContaining("audience");
    }

    @Test
    void shouldRefuseAnExpiredToken() {
        SignedJWT expired = token(PortalFixture.ISSUER_ID, List.of(PortalFixture.CLIENT_ID), -600, Map.of("nonce", NONCE));

        assertThatThrownBy(() -> validator.validate(expired, new Nonce(NONCE))).isInstanceOf(BadJOSEException.class)
                .hasMessageContaining("Expired");
    }

    @Test
    void shouldRefuseATokenSignedByAnotherKey() throws Exception {
        SignedJWT genuine = good();
        SignedJWT forged = new SignedJWT(genuine.getHeader(), genuine.getJWTClaimsSet());
        forged.sign(new RSASSASigner(new RSAKeyGenerator(2048).generate()));

        assertThatThrownBy(() -> validator.validate(forged, new Nonce(NONCE))).isInstanceOf(BadJOSEException.class)
                .hasMessageContaining("signature");
    }

    @Test
    void shouldRefuseATokenOfAnotherIssuer() {
        SignedJWT foreign = token("other-idp", List.of(PortalFixture.CLIENT_ID), 3600, Map.of("nonce", NONCE));

        assertThatThrownBy(() -> validator.validate(foreign, new Nonce(NONCE))).isInstanceOf(BadJOSEException.class);
    }

    @Test
    void shouldRefuseATokenWithoutThisSignInsNonce() {
        assertThatThrownBy(() -> validator.validate(good(), new Nonce("another-nonce")))
                .isInstanceOf(BadJOSEException.class).hasMessageContaining("nonce");
    }
}
