package dev.postern.core.observe;

import dev.postern.core.auth.RejectReason;
import dev.postern.core.auth.VerificationObserver;
import dev.postern.core.relay.SessionListener;
import dev.postern.core.upstream.UpstreamFailure;
import dev.postern.core.upstream.UpstreamObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.netty.channel.Channel;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the protocol fronts report, in protocol-neutral words: connections, TLS handshake failures,
 * login attempts and their latency, upstream legs, relayed sessions and throttling. Every method is
 * quick and safe on an event loop. Names and label values come from {@link Meters}; {@code protocol}
 * is a front's name ({@code imap}, {@code smtp}) and {@code listener} a configured address.
 */
public final class GatewayMetrics {

    private static final Duration MIN_LATENCY = Duration.ofMillis(1);
    private static final Duration MAX_LATENCY = Duration.ofSeconds(60);

    private final MeterRegistry registry;
    private final Map<Tags, AtomicInteger> activeConnections = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> activeSessions = new ConcurrentHashMap<>();

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** Metrics that go nowhere (a registry with no backend), for code paths and tests that do not look. */
    public static GatewayMetrics noop() {
        return new GatewayMetrics(new CompositeMeterRegistry());
    }

    public MeterRegistry registry() {
        return registry;
    }

    /**
     * Creates every series of one front at zero (all outcomes, reasons, causes, actions), so that a
     * dashboard's {@code rate()} has a series to work on before the first event.
     */
    public void prepare(String protocol) {
        for (LoginOutcome outcome : LoginOutcome.values()) {
            attempts(protocol, outcome);
        }
        for (String reason : Meters.REJECT_REASONS) {
            counter(Meters.LOGIN_REJECTIONS, Meters.PROTOCOL, protocol, Meters.REASON, reason);
        }
        for (String reason : Meters.UNAVAILABLE_REASONS) {
            counter(Meters.LOGIN_UNAVAILABLE, Meters.PROTOCOL, protocol, Meters.REASON, reason);
        }
        for (LoginPhase phase : LoginPhase.values()) {
            loginTimer(protocol, phase);
        }
        for (UpstreamFailure.Kind kind : UpstreamFailure.Kind.values()) {
            counter(Meters.UPSTREAM_FAILURES, Meters.PROTOCOL, protocol, Meters.REASON, kind.label());
        }
        for (TlsFailureReason reason : TlsFailureReason.values()) {
            counter(Meters.TLS_HANDSHAKE_FAILURES, Meters.PROTOCOL, protocol, Meters.REASON, reason.label());
        }
        for (ThrottleAction action : ThrottleAction.values()) {
            counter(Meters.THROTTLE_ACTIONS, Meters.PROTOCOL, protocol, Meters.ACTION, action.label());
        }
        for (SessionListener.Cause cause : SessionListener.Cause.values()) {
            counter(Meters.SESSIONS_CLOSED, Meters.PROTOCOL, protocol, Meters.CAUSE, MeteredSession.label(cause));
        }
        for (SessionListener.Direction direction : SessionListener.Direction.values()) {
            relayCounter(protocol, direction);
        }
        sessionsGauge(protocol);
        upstreamTimer(Meters.UPSTREAM_CONNECT_DURATION, protocol);
        upstreamTimer(Meters.UPSTREAM_LOGIN_DURATION, protocol);
    }

    /** A client connection was accepted; the active gauge goes down again when {@code channel} closes. */
    public void connectionOpened(String protocol, String listener, Channel channel) {
        counter(Meters.CONNECTIONS_OPENED, Meters.PROTOCOL, protocol, Meters.LISTENER, listener).increment();
        AtomicInteger active = activeConnectionsOf(protocol, listener);
        active.incrementAndGet();
        channel.closeFuture().addListener(closed -> active.decrementAndGet());
    }

    /** Creates a listener's connection series at zero (call once per configured listener). */
    public void prepareListener(String protocol, String listener) {
        counter(Meters.CONNECTIONS_OPENED, Meters.PROTOCOL, protocol, Meters.LISTENER, listener);
        activeConnectionsOf(protocol, listener);
    }

    private AtomicInteger activeConnectionsOf(String protocol, String listener) {
        return activeConnections.computeIfAbsent(Tags.of(Meters.PROTOCOL, protocol, Meters.LISTENER, listener),
                tags -> gauge(Meters.CONNECTIONS_ACTIVE, tags));
    }

    private AtomicInteger gauge(String name, Tags tags) {
        AtomicInteger value = new AtomicInteger();
        Gauge.builder(name, value, AtomicInteger::get).description(Meters.description(name)).tags(tags)
                .strongReference(true).register(registry);
        return value;
    }

    /** A client's TLS handshake (implicit or after STARTTLS) failed. */
    public void tlsHandshakeFailed(String protocol, Throwable cause) {
        counter(Meters.TLS_HANDSHAKE_FAILURES, Meters.PROTOCOL, protocol, Meters.REASON,
                TlsFailureReason.of(cause).label()).increment();
    }

    /**
     * One login attempt ended. {@code reason} is a {@link RejectReason#label()} or
     * {@code authzid_mismatch} for {@link LoginOutcome#REJECTED}, one of {@link Meters#UNAVAILABLE_REASONS}
     * (free text like {@code "store unavailable"} is normalised) for {@link LoginOutcome#UNAVAILABLE},
     * and ignored for success.
     */
    public void loginAttempt(String protocol, LoginOutcome outcome, String reason) {
        attempts(protocol, outcome).increment();
        if (outcome == LoginOutcome.REJECTED) {
            counter(Meters.LOGIN_REJECTIONS, Meters.PROTOCOL, protocol, Meters.REASON,
                    Meters.bounded(reason, Meters.REJECT_REASONS)).increment();
        } else if (outcome == LoginOutcome.UNAVAILABLE) {
            counter(Meters.LOGIN_UNAVAILABLE, Meters.PROTOCOL, protocol, Meters.REASON,
                    Meters.bounded(reason, Meters.UNAVAILABLE_REASONS)).increment();
        }
    }

    /** How long one phase of a login took. */
    public void loginPhase(String protocol, LoginPhase phase, long nanos) {
        loginTimer(protocol, phase).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** The verifier's report of each check (cache or hash), as {@link LoginPhase} latencies; protocol = the scope. */
    public VerificationObserver verificationObserver() {
        return (scope, cacheHit, nanos) -> loginPhase(scope.wireName(), cacheHit ? LoginPhase.CACHE : LoginPhase.HASH, nanos);
    }

    /** An upstream leg failed before the connector was involved (e.g. no stored upstream password). */
    public void upstreamFailure(String protocol, UpstreamFailure.Kind kind) {
        counter(Meters.UPSTREAM_FAILURES, Meters.PROTOCOL, protocol, Meters.REASON, kind.label()).increment();
    }

    /** Reports one front's upstream connector: connect and login latency, failures by kind. */
    public UpstreamObserver upstreamObserver(String protocol) {
        Timer connect = upstreamTimer(Meters.UPSTREAM_CONNECT_DURATION, protocol);
        Timer login = upstreamTimer(Meters.UPSTREAM_LOGIN_DURATION, protocol);
        return new UpstreamObserver() {
            @Override
            public void connected(long nanos) {
                connect.record(nanos, TimeUnit.NANOSECONDS);
            }

            @Override
            public void loggedIn(long nanos) {
                login.record(nanos, TimeUnit.NANOSECONDS);
            }

            @Override
            public void failed(UpstreamFailure.Kind kind) {
                upstreamFailure(protocol, kind);
            }
        };
    }

    /** A new listener for one relayed session: bytes by direction, the closing cause, the active gauge. */
    public SessionListener sessionListener(String protocol) {
        return new MeteredSession(sessionsGauge(protocol), relayCounter(protocol, SessionListener.Direction.CLIENT_TO_UPSTREAM),
                relayCounter(protocol, SessionListener.Direction.UPSTREAM_TO_CLIENT),
                cause -> counter(Meters.SESSIONS_CLOSED, Meters.PROTOCOL, protocol, Meters.CAUSE, MeteredSession.label(cause)));
    }

    /** A message was refused because its app password reached its daily quota. */
    public void sendQuotaReached(String protocol) {
        counter(Meters.SEND_QUOTA_REACHED, Meters.PROTOCOL, protocol).increment();
    }

    /** An app password logged in from a network it was never used from. */
    public void newSource(String protocol) {
        counter(Meters.NEW_SOURCES, Meters.PROTOCOL, protocol).increment();
    }

    /** A webhook notification was delivered, retried, failed for good or dropped ({@code outcome}). */
    public void notification(String outcome) {
        counter(Meters.NOTIFICATIONS, Meters.OUTCOME, outcome).increment();
    }

    /** The gateway slowed down or stopped a client. */
    public void throttled(String protocol, ThrottleAction action) {
        counter(Meters.THROTTLE_ACTIONS, Meters.PROTOCOL, protocol, Meters.ACTION, action.label()).increment();
    }

    private Counter attempts(String protocol, LoginOutcome outcome) {
        return counter(Meters.LOGIN_ATTEMPTS, Meters.PROTOCOL, protocol, Meters.OUTCOME, outcome.label());
    }

    private Counter relayCounter(String protocol, SessionListener.Direction direction) {
        return Counter.builder(Meters.RELAY_BYTES)
                .baseUnit("bytes")
                .description(Meters.description(Meters.RELAY_BYTES))
                .tags(Meters.PROTOCOL, protocol, Meters.DIRECTION, MeteredSession.label(direction))
                .register(registry);
    }

    private AtomicInteger sessionsGauge(String protocol) {
        return activeSessions.computeIfAbsent(protocol,
                key -> gauge(Meters.SESSIONS_ACTIVE, Tags.of(Meters.PROTOCOL, key)));
    }

    private Timer loginTimer(String protocol, LoginPhase phase) {
        return Timer.builder(Meters.LOGIN_DURATION)
                .description(Meters.description(Meters.LOGIN_DURATION))
                .tags(Meters.PROTOCOL, protocol, Meters.PHASE, phase.label())
                .publishPercentileHistogram()
                .minimumExpectedValue(MIN_LATENCY)
                .maximumExpectedValue(MAX_LATENCY)
                .register(registry);
    }

    private Timer upstreamTimer(String name, String protocol) {
        return Timer.builder(name)
                .description(Meters.description(name))
                .tags(Meters.PROTOCOL, protocol)
                .publishPercentileHistogram()
                .minimumExpectedValue(MIN_LATENCY)
                .maximumExpectedValue(MAX_LATENCY)
                .register(registry);
    }

    private Counter counter(String name, String... tags) {
        return Counter.builder(name).description(Meters.description(name)).tags(tags).register(registry);
    }
}
