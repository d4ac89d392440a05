package dev.postern.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code admin} section: connection cap, request timeout and the metrics token file. */
class AdminConfigTest {

    private static final String TOKEN = "metrics-Tok3n-for-prometheus";

    @TempDir
    Path dir;

    private ConfigFixture fixture;

    @BeforeEach
    void files() {
        fixture = new ConfigFixture(dir);
        dev.postern.core.testing.TestSecrets.register(TOKEN);
    }

    @Test
    void shouldDefaultToSixtyFourConnectionsTenSecondsAndNoToken() {
        AdminConfig admin = fixture.parse(ConfigFixture.VALID).admin();

        assertThat(admin).isEqualTo(AdminConfig.defaults());
        assertThat(admin.maxConnections()).isEqualTo(64);
        assertThat(admin.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(admin.metricsToken()).isEmpty();
    }

    @Test
    void shouldReadTheTokenFileWithoutItsLineBreak() {
        fixture.write("metrics.token", TOKEN + "\n");

        AdminConfig admin = fixture.parse(ConfigFixture.VALID
                + "admin:\n  max-connections: 8\n  request-timeout: 3s\n  metrics-token-file: metrics.token\n").admin();

        assertThat(admin.maxConnections()).isEqualTo(8);
        assertThat(admin.requestTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(admin.metricsToken()).hasValueSatisfying(token -> assertThat(token.reveal()).isEqualTo(TOKEN));
        assertThat(admin.toString()).doesNotContain(TOKEN);
    }

    @Test
    void shouldNameTheKeyTheValueAndTheExpectationForBadNumbers() {
        assertThat(fixture.problems(ConfigFixture.VALID + "admin:\n  max-connections: 0\n  request-timeout: 0s\n"))
                .containsExactly("admin.max-connections: 0 (expected at least 1)",
                        "admin.request-timeout: \"0s\" (expected at least 1s)");
    }

    @Test
    void shouldRefuseAMissingOrEmptyTokenFileWithoutShowingAnyContent() {
        assertThat(fixture.problems(ConfigFixture.VALID + "admin:\n  metrics-token-file: nowhere.token\n"))
                .containsExactly("admin.metrics-token-file: " + dir.resolve("nowhere.token")
                        + " (cannot read: no such file)");

        fixture.write("empty.token", "\n");
        assertThat(fixture.problems(ConfigFixture.VALID + "admin:\n  metrics-token-file: empty.token\n"))
                .containsExactly("admin.metrics-token-file: " + dir.resolve("empty.token")
                        + " (expected a file holding a non-empty bearer token)");
    }

    @Test
    void shouldRefuseATokenThatCannotTravelInABearerHeader() {
        fixture.write("spaced.token", "two words\n");

        assertThat(fixture.problems(ConfigFixture.VALID + "admin:\n  metrics-token-file: spaced.token\n"))
                .containsExactly("admin.metrics-token-file: " + dir.resolve("spaced.token")
                        + " (expected a file holding one token of visible ASCII characters, without spaces)");
    }
}
