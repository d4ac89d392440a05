package dev.postern.server;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.postern.core.auth.FailureThrottle;
import dev.postern.core.auth.ThrottleObserver;
import dev.postern.core.auth.ThrottleSettings;
import dev.postern.core.config.FailuresConfig;
import dev.postern.core.config.GatewayConfig;
import dev.postern.core.config.LimitsConfig;
import dev.postern.core.config.ListenerConfig;
import dev.postern.core.config.ListenerTls;
import dev.postern.core.ingress.ConnectionGate;
import dev.postern.core.ingress.ConnectionLimiter;
import dev.postern.core.ingress.LimitSettings;
import dev.postern.core.ingress.ListenerIngress;

/**
 * The gateway's abuse defences, built once from {@code limits}, {@code auth.failure-delay} and
 * {@code proxy-protocol}: one failure throttle and one connection limiter shared by every front and
 * listener, and the ingress stages of each listener.
 */
final class AbuseDefences {

    private final GatewayConfig config;
    private final FailureThrottle throttle;
    private final ConnectionLimiter limiter;
    private final ThrottleObserver observer;

    /** @param observer told of every throttle action (metrics: {@code postern_throttle_actions_total{protocol,action}}) */
    AbuseDefences(GatewayConfig config, Ticker ticker, ThrottleObserver observer) {
        this.config = config;
        this.observer = observer;
        LimitsConfig limits = config.limits();
        FailuresConfig failures = limits.failures();
        this.throttle = new FailureThrottle(new ThrottleSettings(config.auth().failureDelay(), failures.maxDelay(),
                failures.perIp(), failures.perUserAndIp(), failures.perUser(), failures.perUserDelay(),
                failures.blockFor(), limits.maxTrackedAddresses(), limits.trustedNetworks()), ticker, observer);
        this.limiter = new ConnectionLimiter(new LimitSettings(limits.maxConnections(), limits.maxConnectionsPerIp(),
                limits.connectionsPerMinutePerIp(), limits.maxTrackedAddresses(), limits.trustedNetworks()), ticker);
    }

    FailureThrottle throttle() {
        return throttle;
    }

    /**
     * The PROXY header stage and connection limits of one listener of {@code protocol};
     * {@code refusalLine} is what a refused client hears (never on implicit TLS).
     */
    ListenerIngress ingress(ListenerConfig listener, String protocol, String refusalLine) {
        // on implicit TLS a plaintext line would only be noise to a client expecting a handshake: just close
        String line = listener.tls() == ListenerTls.IMPLICIT ? null : refusalLine;
        ConnectionGate gate = new ConnectionGate(limiter, line, verdict -> observer.action(protocol, "connection_refused"));
        return listener.proxyProtocol()
                ? new ListenerIngress(gate, config.proxyProtocol().trustedProxies(), config.proxyProtocol().headerTimeout())
                : new ListenerIngress(gate, null, config.proxyProtocol().headerTimeout());
    }
}
