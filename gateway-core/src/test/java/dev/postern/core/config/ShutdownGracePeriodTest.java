package dev.postern.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code shutdown-grace-period}: its default, a set value, and the bounds. */
class ShutdownGracePeriodTest {

    @TempDir
    Path dir;

    private ConfigFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new ConfigFixture(dir);
    }

    @Test
    void shouldDefaultToThirtySecondsWhenTheKeyIsAbsent() {
        assertThat(fixture.parse(ConfigFixture.VALID).shutdownGracePeriod()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void shouldBindTheConfiguredGracePeriod() {
        assertThat(fixture.parse(ConfigFixture.VALID + "shutdown-grace-period: 5s\n").shutdownGracePeriod())
                .isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void shouldAcceptZeroToCloseSessionsAtOnce() {
        assertThat(fixture.parse(ConfigFixture.VALID + "shutdown-grace-period: 0s\n").shutdownGracePeriod())
                .isZero();
    }

    @Test
    void shouldRefuseAGracePeriodLongerThanAnHour() {
        assertThat(fixture.problems(ConfigFixture.VALID + "shutdown-grace-period: 2h\n"))
                .containsExactly("shutdown-grace-period: \"2h\" (expected at most 1h)");
    }
}
