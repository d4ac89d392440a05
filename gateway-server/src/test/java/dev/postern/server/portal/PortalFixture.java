package dev.postern.server.portal;

import dev.postern.core.ingress.ListenException;
import dev.postern.core.testing.FreePorts;
import dev.postern.server.imap.ImapGatewayHarness;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;

/**
 * A gateway with a portal whose sign-in is a real mock-oauth2-server in this JVM (issuer {@value #ISSUER_ID},
 * MFA required, domain {@code example.test}), and the IMAP harness behind it. The provider signs anybody in
 * without a page; what the next ID token says is set with {@link #nextSignIn}.
 */
final class PortalFixture implements AutoCloseable {

    static final String ISSUER_ID = "idp";
    static final String CLIENT_ID = "postern-portal";

    final MockOAuth2Server provider;
    final ImapGatewayHarness harness;
    final int port;

    private PortalFixture(MockOAuth2Server provider, ImapGatewayHarness harness, int port) {
        this.provider = provider;
        this.harness = harness;
        this.port = port;
    }

    static PortalFixture start(Path folder) throws IOException {
        return start(folder, new MockOAuth2Server(), null);
    }

    /**
     * A portal with an SMTP listener (implicit TLS; its upstream is never reached) next to IMAP, and
     * {@code upstreamAuth} as the {@code upstream-auth} section when not null ({@code %s}: the provider's
     * base URL, e.g. for a grant refresh-token at the same mock-oauth2-server).
     */
    static PortalFixture start(Path folder, MockOAuth2Server provider, String upstreamAuth) throws IOException {
        provider.start(InetAddress.getByName("127.0.0.1"), 0);
        try {
            for (int attempt = 1; ; attempt++) {
                int[] ports = FreePorts.loopback(2);
                try {
                    Path attemptFolder = attempt == 1 ? folder : folder.resolve("attempt-" + attempt);
                    return start(provider, upstreamAuth, attemptFolder, ports[0], ports[1]);
                } catch (ListenException e) {
                    if (attempt == 3 || !String.valueOf(e.getMessage()).contains("in use")) {
                        throw e;
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            provider.shutdown();
            throw e;
        }
    }

    /**
     * The portal on {@code port}, which its public URL names, so it is chosen before the start: a port
     * taken meanwhile (by any bind of port 0) means new ports. The SMTP upstream's port is one where
     * nothing listens.
     */
    private static PortalFixture start(MockOAuth2Server provider, String upstreamAuth, Path folder, int port,
            int silentPort) throws IOException {
        String yaml = String.join("\n",
                "smtp:",
                "  listeners: [ { address: \"127.0.0.1:0\", tls: implicit } ]",
                "  upstream: { address: \"127.0.0.1:" + silentPort + "\", tls: none }",
                "portal:",
                "  address: \"127.0.0.1:" + port + "\"",
                "  public-url: https://localhost:" + port,
                "  oidc:",
                "    issuer: " + provider.issuerUrl(ISSUER_ID),
                "    client-id: " + CLIENT_ID,
                "    allowed-domains: [ example.test ]",
                "    require-mfa: true",
                "    max-auth-age: 10m");
        ImapGatewayHarness.Builder builder = ImapGatewayHarness.builder(folder).extraYaml(yaml);
        if (upstreamAuth != null) {
            builder.upstreamAuth(upstreamAuth.replace("%s", provider.baseUrl().toString()));
        }
        ImapGatewayHarness harness = builder.start();
        return new PortalFixture(provider, harness, port);
    }

    String base() {
        return "https://localhost:" + port;
    }

    /** Claims of a good sign-in of {@code email}: with a second factor, just now. */
    static Map<String, Object> goodClaims(String email) {
        Map<String, Object> claims = new HashMap<>();
        claims.put("email", email);
        claims.put("amr", List.of("pwd", "mfa"));
        claims.put("auth_time", Instant.now().getEpochSecond());
        return claims;
    }

    /** What the provider puts in the next ID token it issues. */
    void nextSignIn(Map<String, Object> claims, List<String> audience, long expirySeconds) {
        provider.enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER_ID, "subject-1", "JWT", audience, claims,
                expirySeconds));
    }

    void nextSignIn(Map<String, Object> claims) {
        nextSignIn(claims, List.of(CLIENT_ID), 3600);
    }

    @Override
    public void close() {
        try {
            harness.close();
        } finally {
            provider.shutdown();
        }
    }
}
