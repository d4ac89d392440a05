package dev.postern.server.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.postern.core.config.OidcConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Discovery against a real HTTP server on loopback serving a discovery document: the endpoints it
 * names must be https (http only on a loopback address), as the issuer itself, or the provider is not
 * used at all (a sign-in answers 503 and the log says which endpoint).
 */
class OidcProviderTest {

    private HttpServer server;
    private final AtomicReference<String> document = new AtomicReference<>();
    private String issuer;

    @BeforeEach
    void serve() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.createContext("/idp/.well-known/openid-configuration", exchange -> {
            byte[] body = document.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        issuer = "http://127.0.0.1:" + server.getAddress().getPort() + "/idp";
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private OidcProvider provider() {
        return new OidcProvider(new OidcConfig(URI.create(issuer), "portal", null, OidcConfig.UserClaim.EMAIL,
                List.of("example.test"), false, OidcConfig.DEFAULT_MFA_VALUES, Duration.ofMinutes(10),
                Duration.ofMinutes(30), Duration.ofHours(8), Duration.ofSeconds(2)));
    }

    private void publish(String authorization, String token, String jwks) {
        document.set("{\"issuer\":\"" + issuer + "\",\"authorization_endpoint\":\"" + authorization
                + "\",\"token_endpoint\":\"" + token + "\"" + (jwks == null ? "" : ",\"jwks_uri\":\"" + jwks + "\"")
                + ",\"response_types_supported\":[\"code\"],\"subject_types_supported\":[\"public\"],"
                + "\"id_token_signing_alg_values_supported\":[\"RS256\"]}");
    }

    @Test
    void shouldUseAProviderWhoseEndpointsAreHttpsOrOnLoopback() {
        publish("https://idp.example.com/authorize", issuer + "/token", issuer + "/jwks");

        assertThat(provider().discovered().metadata().getAuthorizationEndpointURI())
                .isEqualTo(URI.create("https://idp.example.com/authorize"));
    }

    @Test
    void shouldRefuseAPlainHttpEndpointOffLoopbackNamingIt() {
        publish("https://idp.example.com/authorize", "http://idp.example.com/token", issuer + "/jwks");

        assertThatThrownBy(() -> provider().discovered()).isInstanceOf(OidcProvider.ProviderUnavailable.class)
                .hasMessageContaining("token_endpoint http://idp.example.com/token (expected https, http only on a"
                        + " loopback address)");
    }

    @Test
    void shouldRefuseADocumentWithoutKeysAndTryAgainLater() {
        publish("https://idp.example.com/authorize", "https://idp.example.com/token", null);
        OidcProvider provider = provider();

        assertThatThrownBy(provider::discovered).isInstanceOf(OidcProvider.ProviderUnavailable.class)
                .hasMessageContaining("cannot read the discovery document of " + issuer);

        publish("https://idp.example.com/authorize", "https://idp.example.com/token", "https://idp.example.com/jwks");
        assertThat(provider.discovered().metadata().getJWKSetURI()).isEqualTo(URI.create("https://idp.example.com/jwks"));
    }
}
