package dev.postern.core.ingress;

import static dev.postern.core.ingress.ConnectionLimiter.Verdict.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.core.net.Networks;
import dev.postern.core.testing.FakeClock;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectionLimiterTest {

    private final FakeClock clock = new FakeClock();

    private ConnectionLimiter limiter(int max, int perIp, int perMinute, Networks trusted) {
        return new ConnectionLimiter(new LimitSettings(max, perIp, perMinute, 1_000, trusted), clock);
    }

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @Test
    void shouldCapOpenConnectionsPerSourceAndGiveSlotsBack() throws Exception {
        ConnectionLimiter limiter = limiter(100, 2, 100, Networks.NONE);
        InetAddress source = ip("192.0.2.1");

        assertThat(List.of(limiter.admit(source), limiter.admit(source), limiter.admit(source)))
                .containsExactly(ADMITTED, ADMITTED, TOO_MANY_FROM_SOURCE);
        assertThat(limiter.admit(ip("192.0.2.2"))).isEqualTo(ADMITTED);

        limiter.release(source);
        assertThat(limiter.admit(source)).isEqualTo(ADMITTED);
        assertThat(limiter.open()).isEqualTo(3);
    }

    @Test
    void shouldCapOpenConnectionsOfTheWholeGateway() throws Exception {
        ConnectionLimiter limiter = limiter(2, 10, 100, Networks.parse(List.of("10.0.0.0/8")));

        assertThat(List.of(limiter.admit(ip("192.0.2.1")), limiter.admit(ip("192.0.2.2")), limiter.admit(ip("10.0.0.1"))))
                .containsExactly(ADMITTED, ADMITTED, TOO_MANY_CONNECTIONS);
        assertThat(limiter.open()).isEqualTo(2);
    }

    @Test
    void shouldLimitTheRateOfNewConnectionsPerSourceAndRefillOverAMinute() throws Exception {
        ConnectionLimiter limiter = limiter(100, 100, 3, Networks.NONE);
        InetAddress source = ip("2001:db8::1");
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.admit(source)).isEqualTo(ADMITTED);
            limiter.release(source);
        }

        assertThat(limiter.admit(ip("2001:db8::2"))).as("the same /64").isEqualTo(TOO_FAST_FROM_SOURCE);

        clock.advance(Duration.ofSeconds(20)); // one token back
        assertThat(limiter.admit(source)).isEqualTo(ADMITTED);
        assertThat(limiter.admit(source)).isEqualTo(TOO_FAST_FROM_SOURCE);
        assertThat(limiter.open()).isEqualTo(1);
    }

    @Test
    void shouldExemptTrustedNetworksFromPerSourceLimits() throws Exception {
        ConnectionLimiter limiter = limiter(100, 1, 1, Networks.parse(List.of("10.0.0.0/8")));
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.admit(ip("10.9.9.9"))).isEqualTo(ADMITTED);
        }
        for (int i = 0; i < 5; i++) {
            limiter.release(ip("10.9.9.9"));
        }
        assertThat(limiter.open()).isZero();
    }

    @Test
    void shouldKeepRateMemoryBoundedHoweverManySourcesConnect() throws Exception {
        ConnectionLimiter limiter = limiter(1_000_000, 10, 10, Networks.NONE);
        for (int i = 0; i < 100_000; i++) {
            InetAddress source = InetAddress.getByAddress(new byte[] {10, (byte) (i >> 16), (byte) (i >> 8), (byte) i});
            limiter.admit(source);
            limiter.release(source);
        }

        assertThat(limiter.trackedRates()).isLessThanOrEqualTo(1_000);
        assertThat(limiter.sourcesWithOpenConnections()).isZero();
    }
}
