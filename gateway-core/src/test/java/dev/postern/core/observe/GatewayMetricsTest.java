package dev.postern.core.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.core.relay.SessionListener;
import dev.postern.core.store.Scope;
import dev.postern.core.upstream.UpstreamFailure;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The facade turns front events into bounded series. */
class GatewayMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final GatewayMetrics metrics = new GatewayMetrics(registry);

    private double count(String name, String... tags) {
        return registry.get(name).tags(tags).counter().count();
    }

    @Test
    void shouldCountAttemptsByOutcomeAndRejectionsByBoundedReason() {
        metrics.loginAttempt("imap", LoginOutcome.REJECTED, "wrong_password");
        metrics.loginAttempt("imap", LoginOutcome.REJECTED, "alice@example.com");
        metrics.loginAttempt("imap", LoginOutcome.UNAVAILABLE, "store unavailable");
        metrics.loginAttempt("imap", LoginOutcome.SUCCESS, null);

        assertThat(count(Meters.LOGIN_ATTEMPTS, "protocol", "imap", "outcome", "rejected")).isEqualTo(2);
        assertThat(count(Meters.LOGIN_ATTEMPTS, "protocol", "imap", "outcome", "success")).isEqualTo(1);
        assertThat(count(Meters.LOGIN_REJECTIONS, "protocol", "imap", "reason", "wrong_password")).isEqualTo(1);
        assertThat(count(Meters.LOGIN_REJECTIONS, "protocol", "imap", "reason", "other")).isEqualTo(1);
        assertThat(count(Meters.LOGIN_UNAVAILABLE, "protocol", "imap", "reason", "store_unavailable")).isEqualTo(1);
        assertThat(registry.getMeters()).allSatisfy(meter ->
                assertThat(meter.getId().getTags()).noneMatch(tag -> tag.getValue().contains("@")));
    }

    @Test
    void shouldKeepTheActiveConnectionGaugeInStepWithTheChannel() {
        EmbeddedChannel channel = new EmbeddedChannel();

        metrics.connectionOpened("imap", "127.0.0.1:993", channel);
        double whileOpen = registry.get(Meters.CONNECTIONS_ACTIVE).gauge().value();
        channel.close();

        assertThat(whileOpen).isEqualTo(1);
        assertThat(registry.get(Meters.CONNECTIONS_ACTIVE).gauge().value()).isZero();
        assertThat(count(Meters.CONNECTIONS_OPENED, "protocol", "imap", "listener", "127.0.0.1:993")).isEqualTo(1);
    }

    @Test
    void shouldCountRelayedBytesAndTheFirstClosingCauseOfASession() {
        SessionListener session = metrics.sessionListener("imap");

        session.relayed(SessionListener.Direction.CLIENT_TO_UPSTREAM, 10);
        session.relayed(SessionListener.Direction.UPSTREAM_TO_CLIENT, 300);
        double active = registry.get(Meters.SESSIONS_ACTIVE).gauge().value();
        session.closedBy(SessionListener.Cause.IDLE);
        session.closedBy(SessionListener.Cause.UPSTREAM);

        assertThat(active).isEqualTo(1);
        assertThat(registry.get(Meters.SESSIONS_ACTIVE).gauge().value()).isZero();
        assertThat(count(Meters.RELAY_BYTES, "direction", "client_to_upstream")).isEqualTo(10);
        assertThat(count(Meters.RELAY_BYTES, "direction", "upstream_to_client")).isEqualTo(300);
        assertThat(count(Meters.SESSIONS_CLOSED, "cause", "idle")).isEqualTo(1);
        assertThat(registry.find(Meters.SESSIONS_CLOSED).tag("cause", "upstream").counter()).isNull();
    }

    @Test
    void shouldRecordVerifierAndUpstreamLatenciesAndFailures() {
        metrics.verificationObserver().verified(Scope.SMTP, true, TimeUnit.MILLISECONDS.toNanos(2));
        metrics.upstreamObserver("imap").connected(TimeUnit.MILLISECONDS.toNanos(5));
        metrics.upstreamObserver("imap").failed(UpstreamFailure.Kind.TLS);

        assertThat(registry.get(Meters.LOGIN_DURATION).tags("protocol", "smtp", "phase", "cache").timer().count())
                .isEqualTo(1);
        assertThat(registry.get(Meters.UPSTREAM_CONNECT_DURATION).timer().totalTime(TimeUnit.MILLISECONDS)).isEqualTo(5);
        assertThat(count(Meters.UPSTREAM_FAILURES, "protocol", "imap", "reason", "tls")).isEqualTo(1);
    }

    @Test
    void shouldPrepareEverySeriesOfAFrontAtZero() {
        metrics.prepare("smtp");

        assertThat(count(Meters.THROTTLE_ACTIONS, "protocol", "smtp", "action", "connection_refused")).isZero();
        assertThat(count(Meters.LOGIN_REJECTIONS, "protocol", "smtp", "reason", "authzid_mismatch")).isZero();
        assertThat(count(Meters.SESSIONS_CLOSED, "protocol", "smtp", "cause", "shutdown")).isZero();
    }
}
