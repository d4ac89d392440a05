package dev.postern.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SMTP-only upstream keys: how the upstream's EHLO extensions are probed, and the fallback list. */
class SmtpProbeConfigTest {

    private static final String SMTP = ConfigFixture.VALID.replace("imap:", "smtp:");

    @TempDir
    Path dir;

    private ConfigFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new ConfigFixture(dir);
    }

    @Test
    void shouldDefaultTheProbeToTenMinutesAndTheThreeCommonExtensions() {
        // when
        GatewayConfig config = fixture.parse(SMTP);

        // then
        assertThat(config.protocol("smtp").upstream().smtpProbe()).isEqualTo(SmtpProbeConfig.defaults());
        assertThat(SmtpProbeConfig.defaults().fallbackExtensions())
                .containsExactly("PIPELINING", "ENHANCEDSTATUSCODES", "8BITMIME");
    }

    @Test
    void shouldBindTheProbeIntervalAndFallbackList() {
        // given
        String yaml = SMTP.replace("tls: implicit\nupstream-auth",
                "tls: implicit\n    probe-interval: 1m\n    fallback-extensions: [size 1000, smtputf8]\nupstream-auth");

        // when
        GatewayConfig config = fixture.parse(yaml);

        // then
        assertThat(config.protocol("smtp").upstream().smtpProbe())
                .isEqualTo(new SmtpProbeConfig(Duration.ofMinutes(1), List.of("SIZE 1000", "SMTPUTF8")));
    }

    @Test
    void shouldAcceptAnEmptyFallbackList() {
        // given
        String yaml = SMTP.replace("tls: implicit\nupstream-auth", "tls: implicit\n    fallback-extensions: []\nupstream-auth");

        // when / then
        assertThat(fixture.parse(yaml).protocol("smtp").upstream().smtpProbe().fallbackExtensions()).isEmpty();
    }

    @Test
    void shouldRefuseABadExtensionAndATooShortInterval() {
        // given
        String yaml = SMTP.replace("tls: implicit\nupstream-auth",
                "tls: implicit\n    probe-interval: 1s\n    fallback-extensions: [PIPELINING, \"8BIT MIME!\\r\"]\nupstream-auth");

        // when / then
        assertThat(fixture.problems(yaml)).containsExactly(
                "smtp.upstream.probe-interval: \"1s\" (expected at least 10s)",
                "smtp.upstream.fallback-extensions[1]: \"8BIT MIME!\\u000d\" (" + SmtpProbeConfig.EXPECTED_EXTENSION + ")");
    }

    @Test
    void shouldRefuseTheProbeKeysUnderImap() {
        // given
        String yaml = ConfigFixture.VALID.replace("tls: implicit\nupstream-auth", "tls: implicit\n    probe-interval: 1m\nupstream-auth");

        // when / then
        assertThat(fixture.problems(yaml)).hasSize(1).first().asString()
                .startsWith("imap.upstream.probe-interval: unknown key");
        assertThat(fixture.parse(ConfigFixture.VALID).protocol("imap").upstream().smtpProbe()).isNull();
    }
}
