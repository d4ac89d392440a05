package dev.postern.core.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.core.identity.UserName;
import dev.postern.core.net.Networks;
import dev.postern.core.testing.FakeClock;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FailureThrottleTest {

    private static final String USER = "alice@example.org";

    /** The throttle takes names the login flow has normalised. */
    private static UserName name(String raw) {
        return UserName.of(raw).orElseThrow();
    }
    private final FakeClock clock = new FakeClock();

    private FailureThrottle throttle(int perIp, int perUserAndIp, int perUser, long maxTracked, Networks trusted) {
        return new FailureThrottle(new ThrottleSettings(Duration.ofSeconds(2), Duration.ofSeconds(15), perIp,
                perUserAndIp, perUser, Duration.ofSeconds(5), Duration.ofMinutes(15), maxTracked, trusted), clock);
    }

    private FailureThrottle throttle() {
        return throttle(30, 10, 100, 100_000, Networks.NONE);
    }

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @Test
    void shouldDoubleTheDelayPerFailureUpToTheCap() throws Exception {
        FailureThrottle throttle = throttle();
        InetAddress source = ip("192.0.2.1");

        List<Duration> delays = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            delays.add(throttle.failed(name("user" + i + "@example.org"), source));
        }

        assertThat(delays).extracting(Duration::toSeconds).containsExactly(2L, 4L, 8L, 15L, 15L);
    }

    @Test
    void shouldRefuseASourcePastTheThresholdWithoutCountingTheRefusal() throws Exception {
        FailureThrottle throttle = throttle(3, 10, 100, 100_000, Networks.NONE);
        InetAddress source = ip("192.0.2.1");
        for (int i = 0; i < 2; i++) {
            throttle.failed(name("u" + i + "@example.org"), source);
        }
        assertThat(throttle.before(name("x@example.org"), source).action()).isEqualTo(FailureThrottle.Action.ALLOW);

        throttle.failed(name("u3@example.org"), source);

        FailureThrottle.Decision decision = throttle.before(name("x@example.org"), source);
        assertThat(decision.action()).isEqualTo(FailureThrottle.Action.REFUSE);
        assertThat(decision.delay()).isEqualTo(Duration.ofSeconds(8));
    }

    @Test
    void shouldRefuseAUserFromOneSourcePastThePairThreshold() throws Exception {
        FailureThrottle throttle = throttle(30, 2, 100, 100_000, Networks.NONE);
        InetAddress source = ip("192.0.2.1");
        throttle.failed(name(USER), source);
        throttle.failed(name(" alice@EXAMPLE.org"), source); // the same user once normalised

        assertThat(throttle.before(name(USER), source).action()).isEqualTo(FailureThrottle.Action.REFUSE);
        assertThat(throttle.before(name("bob@example.org"), source).action()).isEqualTo(FailureThrottle.Action.ALLOW);
        assertThat(throttle.before(name(USER), ip("192.0.2.2")).action()).isEqualTo(FailureThrottle.Action.ALLOW);
    }

    @Test
    void shouldForgetFailuresAfterTheBlockPeriod() throws Exception {
        FailureThrottle throttle = throttle(1, 10, 100, 100_000, Networks.NONE);
        InetAddress source = ip("192.0.2.1");
        throttle.failed(name(USER), source);
        clock.advance(Duration.ofMinutes(14));
        assertThat(throttle.before(name(USER), source).action()).isEqualTo(FailureThrottle.Action.REFUSE);

        clock.advance(Duration.ofMinutes(1).plusSeconds(1));

        assertThat(throttle.before(name(USER), source).action()).isEqualTo(FailureThrottle.Action.ALLOW);
        assertThat(throttle.failed(name(USER), source)).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void shouldGroupIpv6AddressesByTheirSlash64() throws Exception {
        FailureThrottle throttle = throttle(2, 10, 100, 100_000, Networks.NONE);
        throttle.failed(name("a@example.org"), ip("2001:db8:1:2::1"));
        throttle.failed(name("b@example.org"), ip("2001:db8:1:2:ffff:ffff:ffff:ffff"));

        assertThat(throttle.before(name("c@example.org"), ip("2001:db8:1:2::99")).action())
                .isEqualTo(FailureThrottle.Action.REFUSE);
        assertThat(throttle.before(name("c@example.org"), ip("2001:db8:1:3::1")).action())
                .isEqualTo(FailureThrottle.Action.ALLOW);
    }

    @Test
    void shouldSlowButNeverRefuseTheUserFromAnotherAddressWhenAnAttackerFailsAgainstIt() throws Exception {
        // given: an attacker from many addresses fails far past the per-user ceiling
        FailureThrottle throttle = throttle(30, 10, 5, 100_000, Networks.NONE);
        for (int i = 0; i < 1_000; i++) {
            throttle.failed(name(USER), ip("198.51.100." + (i % 250)));
        }

        // when: the owner logs in from an address the attacker never used
        FailureThrottle.Decision decision = throttle.before(name(USER), ip("192.0.2.77"));

        // then: a bounded wait, then the check goes ahead
        assertThat(decision.action()).isEqualTo(FailureThrottle.Action.DELAY);
        assertThat(decision.delay()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void shouldForgiveTheUserAtTheSourceAfterASuccess() throws Exception {
        FailureThrottle throttle = throttle(30, 2, 100, 100_000, Networks.NONE);
        InetAddress source = ip("192.0.2.1");
        throttle.failed(name(USER), source);
        throttle.succeeded(name(USER), source, "ab12cd34");
        throttle.failed(name(USER), source);

        assertThat(throttle.before(name(USER), source).action()).isEqualTo(FailureThrottle.Action.ALLOW);
    }

    @Test
    void shouldVouchForAnAppPasswordAtTheSourceItLoggedInFromForADay() throws Exception {
        FailureThrottle throttle = throttle();
        InetAddress home = ip("192.0.2.1");
        throttle.succeeded(name("alice@Example.ORG"), home, "ab12cd34");

        assertThat(throttle.vouchedFor(name(USER), home, "ab12cd34")).isTrue();
        assertThat(throttle.vouchedFor(name(USER), home, "zz99yy88")).as("another app password").isFalse();
        assertThat(throttle.vouchedFor(name(USER), ip("192.0.2.2"), "ab12cd34")).as("another source").isFalse();
        assertThat(throttle.vouchedFor(name("bob@example.org"), home, "ab12cd34")).as("another user").isFalse();

        clock.advance(FailureThrottle.RECENT_SUCCESS.plusSeconds(1));
        assertThat(throttle.vouchedFor(name(USER), home, "ab12cd34")).isFalse();
    }

    @Test
    void shouldNeverThrottleTrustedNetworks() throws Exception {
        FailureThrottle throttle = throttle(1, 1, 1, 100_000, Networks.parse(List.of("10.0.0.0/8")));
        InetAddress webmail = ip("10.1.2.3");
        for (int i = 0; i < 10; i++) {
            assertThat(throttle.failed(name(USER), webmail)).isEqualTo(Duration.ofSeconds(2));
        }

        assertThat(throttle.before(name(USER), webmail)).isEqualTo(FailureThrottle.Decision.ALLOW);
    }

    @Test
    void shouldKeepMemoryBoundedHoweverManyAddressesFail() throws Exception {
        FailureThrottle throttle = throttle(30, 10, 100, 1_000, Networks.NONE);

        for (int i = 0; i < 100_000; i++) {
            throttle.failed(name("u" + (i % 50) + "@example.org"),
                    InetAddress.getByAddress(new byte[] {10, (byte) (i >> 16), (byte) (i >> 8), (byte) i}));
        }

        assertThat(throttle.trackedSources()).isLessThanOrEqualTo(1_000);
    }
}
