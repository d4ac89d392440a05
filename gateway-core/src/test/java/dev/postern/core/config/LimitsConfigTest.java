package dev.postern.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The limits and proxy-protocol sections: defaults, values read, and every bad value named. */
class LimitsConfigTest {

    @TempDir
    Path dir;

    private ConfigFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new ConfigFixture(dir);
    }

    @Test
    void shouldUseTheDocumentedDefaultsWhenTheSectionsAreAbsent() {
        GatewayConfig config = fixture.parse(ConfigFixture.VALID);

        assertThat(config.limits()).isEqualTo(LimitsConfig.defaults());
        assertThat(config.limits().maxConnectionsPerIp()).isEqualTo(50);
        assertThat(config.limits().failures().maxDelay()).isEqualTo(Duration.ofSeconds(15));
        assertThat(config.proxyProtocol().trustedProxies().isEmpty()).isTrue();
        assertThat(config.proxyProtocol().headerTimeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void shouldReadEveryKey() throws Exception {
        String yaml = ConfigFixture.VALID + """
                limits:
                  trusted-networks: ["10.0.0.0/8", "2001:db8::/32"]
                  max-connections: 500
                  max-connections-per-ip: 5
                  connections-per-minute-per-ip: 12
                  max-tracked-addresses: 2000
                  failures:
                    max-delay: 30s
                    per-ip: 7
                    per-user-and-ip: 3
                    per-user: 40
                    per-user-delay: 1s
                    block-for: 1h
                proxy-protocol:
                  trusted-proxies: ["192.0.2.10"]
                  header-timeout: 2s
                """;

        GatewayConfig config = fixture.parse(yaml);

        LimitsConfig limits = config.limits();
        assertThat(limits.trustedNetworks().contains(InetAddress.getByName("10.2.3.4"))).isTrue();
        assertThat(limits.trustedNetworks().contains(InetAddress.getByName("2001:db8::5"))).isTrue();
        assertThat(limits.trustedNetworks().contains(InetAddress.getByName("192.0.2.10"))).isFalse();
        assertThat(limits).extracting(LimitsConfig::maxConnections, LimitsConfig::maxConnectionsPerIp,
                LimitsConfig::connectionsPerMinutePerIp, LimitsConfig::maxTrackedAddresses)
                .containsExactly(500, 5, 12, 2000);
        assertThat(limits.failures()).isEqualTo(new FailuresConfig(Duration.ofSeconds(30), 7, 3, 40,
                Duration.ofSeconds(1), Duration.ofHours(1)));
        assertThat(config.proxyProtocol().trustedProxies().contains(InetAddress.getByName("192.0.2.10"))).isTrue();
        assertThat(config.proxyProtocol().headerTimeout()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void shouldNameEveryBadValue() {
        String yaml = ConfigFixture.VALID + """
                limits:
                  trusted-networks: ["10.0.0.0/8", "lb.example.org", "10.0.0.0/40"]
                  max-connections: 0
                  failures:
                    per-ip: -1
                    block-for: 10s
                    max-delay: 1s
                proxy-protocol:
                  header-timeout: 5m
                """;

        assertThat(fixture.problems(yaml)).containsExactlyInAnyOrder(
                "limits.trusted-networks[1]: \"lb.example.org\" (expected an IP address or network such as 10.0.0.0/8 or 2001:db8::/32)",
                "limits.trusted-networks[2]: \"10.0.0.0/40\" (expected an IP address or network such as 10.0.0.0/8 or 2001:db8::/32)",
                "limits.max-connections: 0 (expected at least 1)",
                "limits.failures.per-ip: -1 (expected at least 1)",
                "limits.failures.block-for: \"10s\" (expected at least 1m)",
                "proxy-protocol.header-timeout: \"5m\" (expected at most 1m)");
    }

    @Test
    void shouldRefuseAMaxDelayBelowTheFirstDelay() {
        String yaml = ConfigFixture.VALID + """
                limits:
                  failures:
                    max-delay: 1s
                """;

        assertThat(fixture.problems(yaml)).containsExactly(
                "limits.failures.max-delay: 1s (expected at least auth.failure-delay (2s))");
    }

    @Test
    void shouldRequireTrustedProxiesWhenAListenerExpectsAProxyHeader() {
        String yaml = ConfigFixture.VALID.replace("tls: implicit\n  upstream", "tls: implicit\n      proxy-protocol: true\n  upstream");

        assertThat(fixture.problems(yaml)).containsExactly("proxy-protocol.trusted-proxies: missing (expected at least "
                + "one load balancer address or network, because imap.listeners[0].proxy-protocol is true)");
    }
}
