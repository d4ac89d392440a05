package dev.postern.core.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The real mailbox server behind Postern for one protocol, and how to reach it.
 *
 * @param serverName      the name the upstream certificate is checked against (default: the address host)
 * @param forwardClientIp whether the client's IP is passed on (IMAP {@code ID}, SMTP {@code XCLIENT})
 * @param smtpProbe       SMTP only: how the upstream's EHLO extensions are learned; null for IMAP
 * @param warmConnections upstream connections kept ready (connected, TLS done, greeting read) per event
 *                        loop for the next logins; 0 (the default) for none
 */
public record UpstreamConfig(HostPort address, UpstreamTls tls, TrustConfig trust, String serverName,
                             Duration connectTimeout, Duration loginTimeout, boolean forwardClientIp,
                             SmtpProbeConfig smtpProbe, int warmConnections) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_LOGIN_TIMEOUT = Duration.ofSeconds(30);

    static final String INSECURE_NEEDS_LOOPBACK =
            "expected system or a PEM file unless the upstream host is loopback";

    private static final Duration MIN_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration MAX_TIMEOUT = Duration.ofMinutes(5);
    static final int MAX_WARM_CONNECTIONS = 64;

    public UpstreamConfig {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(trust, "trust");
        Objects.requireNonNull(serverName, "serverName");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(loginTimeout, "loginTimeout");
        if (trust.isInsecure() && !address.isLoopback()) {
            throw new IllegalArgumentException("trust: insecure (" + INSECURE_NEEDS_LOOPBACK + ")");
        }
        if (warmConnections < 0 || warmConnections > MAX_WARM_CONNECTIONS) {
            throw new IllegalArgumentException("warmConnections: " + warmConnections + " (expected: 0-" + MAX_WARM_CONNECTIONS + ")");
        }
    }

    /** An upstream without connections kept ready. */
    public UpstreamConfig(HostPort address, UpstreamTls tls, TrustConfig trust, String serverName,
                          Duration connectTimeout, Duration loginTimeout, boolean forwardClientIp,
                          SmtpProbeConfig smtpProbe) {
        this(address, tls, trust, serverName, connectTimeout, loginTimeout, forwardClientIp, smtpProbe, 0);
    }

    /** An upstream without SMTP probe settings (IMAP). */
    public UpstreamConfig(HostPort address, UpstreamTls tls, TrustConfig trust, String serverName,
                          Duration connectTimeout, Duration loginTimeout, boolean forwardClientIp) {
        this(address, tls, trust, serverName, connectTimeout, loginTimeout, forwardClientIp, null, 0);
    }

    /** True when the upstream certificate is not checked; callers log a warning at start-up. */
    public boolean isInsecure() {
        return trust.isInsecure();
    }

    /** The keys of an upstream section; the forwarding flag's key differs per protocol. */
    static String[] keys(String forwardClientIpKey, boolean extensionProbe) {
        String[] common = {"address", "tls", "trust", "server-name", "connect-timeout", "login-timeout",
                "warm-connections", forwardClientIpKey};
        if (!extensionProbe) {
            return common;
        }
        String[] all = java.util.Arrays.copyOf(common, common.length + SmtpProbeConfig.KEYS.length);
        System.arraycopy(SmtpProbeConfig.KEYS, 0, all, common.length, SmtpProbeConfig.KEYS.length);
        return all;
    }

    /**
     * Binds an upstream section; null when something in it is wrong (reported).
     *
     * @param preset an OAuth2 provider's server, the default of {@code address} and {@code tls}
     *               (the section may then be absent); null: both are required
     */
    static UpstreamConfig bind(ConfigReader upstream, String forwardClientIpKey, boolean extensionProbe,
                               OAuth2Provider.Server preset) {
        int mark = upstream.problems().count();
        HostPort address = upstream.address("address", preset == null ? null : preset.address());
        UpstreamTls tls = upstream.choice("tls", UpstreamTls.values(), UpstreamTls::wireName,
                preset == null ? null : preset.tls());
        TrustConfig trust = TrustConfig.bind(upstream, "trust");
        if (address != null && trust != null && trust.isInsecure() && !address.isLoopback()) {
            upstream.problem("trust", TrustConfig.INSECURE_NAME, INSECURE_NEEDS_LOOPBACK);
        }
        String serverName = upstream.has("server-name")
                ? upstream.requiredText("server-name", "expected the host name in the upstream certificate")
                : address == null ? null : address.host();
        Duration connectTimeout = upstream.duration("connect-timeout",
                DEFAULT_CONNECT_TIMEOUT, MIN_TIMEOUT, MAX_TIMEOUT);
        Duration loginTimeout = upstream.duration("login-timeout",
                DEFAULT_LOGIN_TIMEOUT, MIN_TIMEOUT, MAX_TIMEOUT);
        boolean forwardClientIp = upstream.flag(forwardClientIpKey, false);
        int warmConnections = upstream.integer("warm-connections", 0, 0, MAX_WARM_CONNECTIONS);
        SmtpProbeConfig probe = extensionProbe ? SmtpProbeConfig.bind(upstream) : null;
        if (upstream.problems().count() > mark) {
            return null;
        }
        return new UpstreamConfig(address, tls, trust, serverName, connectTimeout, loginTimeout, forwardClientIp,
                probe, warmConnections);
    }
}
