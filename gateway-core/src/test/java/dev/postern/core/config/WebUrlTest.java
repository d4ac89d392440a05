package dev.postern.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every setting naming a URL that Postern calls or sends browsers to reads it the same way: https
 * anywhere, plain http only on a loopback address in each of its spellings (an IPv6 literal comes in
 * brackets), and a bad one is a problem naming key, value and expectation, never an exception.
 */
class WebUrlTest {

    private static final String FRONT = ConfigFixture.VALID.substring(0, ConfigFixture.VALID.indexOf("upstream-auth:"));
    private static final String PORTAL = ConfigFixture.VALID + "portal:\n  address: \"127.0.0.1:8443\"\n";

    @TempDir
    Path dir;

    private ConfigFixture fixture;

    @BeforeEach
    void files() {
        fixture = new ConfigFixture(dir);
        fixture.write("client.secret", "cl1ent-s3cret\n");
    }

    /** The configuration with {@code url} as the value of {@code setting}. */
    private static String with(String setting, String url) {
        String quoted = "\"" + url + "\"";
        return switch (setting) {
            case "portal.public-url" -> PORTAL + "  public-url: " + quoted + "\n";
            case "portal.oidc.issuer" -> PORTAL + "  public-url: https://mail-access.example.com\n"
                    + "  oidc: { issuer: " + quoted + ", client-id: p, allowed-domains: [ example.com ] }\n";
            case "notifications.webhook-url" -> ConfigFixture.VALID + "notifications:\n  webhook-url: " + quoted + "\n";
            case "upstream-auth.oauth2.token-endpoint" -> FRONT + String.join("\n", "upstream-auth:", "  mode: oauth2",
                    "  oauth2:", "    provider: generic", "    grant: client-credentials", "    token-endpoint: " + quoted,
                    "    client-id: postern", "    client-secret-file: client.secret", "    scope: mail", "");
            default -> throw new IllegalArgumentException(setting);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"portal.public-url", "portal.oidc.issuer", "notifications.webhook-url",
        "upstream-auth.oauth2.token-endpoint"})
    void shouldTakePlainHttpOnEveryLoopbackSpellingAndOnlyThere(String setting) {
        for (String loopback : List.of("http://127.0.0.1:9000/x", "http://127.8.9.10/x", "http://localhost:9000/x",
                "http://LOCALHOST/x", "http://[::1]:9000/x", "https://[2001:db8::1]:9000/x", "https://idp.example/x")) {
            assertThatNoException().as(loopback).isThrownBy(() -> fixture.parse(with(setting, loopback)));
        }
        for (String elsewhere : List.of("http://[2001:db8::1]:9000/x", "http://192.0.2.7/x", "http://999.1.1.1/x",
                "http://idp.example/x", "ftp://127.0.0.1/x", "http:///x", "//127.0.0.1/x", "127.0.0.1/x")) {
            assertThat(fixture.problems(with(setting, elsewhere))).as(elsewhere).singleElement().asString()
                    .startsWith(setting + ": ").contains("(http only on a loopback address)");
        }
        assertThat(fixture.problems(with(setting, "http://[::1"))).singleElement().asString()
                .startsWith(setting + ": ").contains("not a URL (");
    }
}
