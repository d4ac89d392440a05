package dev.postern.core.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The admin HTTP listener ({@code admin}): metrics and health. Loopback by default.
 *
 * @param address        where it listens
 * @param maxConnections open admin connections at most; more are closed as soon as they are accepted
 * @param requestTimeout how long a connection may take to send a whole request (and how long it may sit idle)
 * @param metricsToken   when present, {@code /metrics} answers only requests that carry it as a bearer token
 */
public record AdminConfig(HostPort address, int maxConnections, Duration requestTimeout,
                          Optional<Secret> metricsToken) {

    public static final HostPort DEFAULT_ADDRESS = new HostPort("127.0.0.1", 9142);
    public static final int DEFAULT_MAX_CONNECTIONS = 64;
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    static final String SECTION = "admin";
    static final String TOKEN_FILE = "metrics-token-file";
    static final String[] KEYS = {"address", "max-connections", "request-timeout", TOKEN_FILE};

    private static final int MAX_CONNECTIONS = 10_000;

    public AdminConfig {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(metricsToken, "metricsToken");
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1: " + maxConnections);
        }
    }

    /** Every default: loopback, 64 connections, 10 s, no token. */
    public static AdminConfig defaults() {
        return new AdminConfig(DEFAULT_ADDRESS, DEFAULT_MAX_CONNECTIONS, DEFAULT_REQUEST_TIMEOUT, Optional.empty());
    }

    static AdminConfig bind(ConfigReader admin) {
        int mark = admin.problems().count();
        HostPort address = admin.listenAddress("address", DEFAULT_ADDRESS);
        int maxConnections = admin.integer("max-connections", DEFAULT_MAX_CONNECTIONS, 1, MAX_CONNECTIONS);
        Duration timeout = admin.duration("request-timeout", DEFAULT_REQUEST_TIMEOUT,
                Duration.ofSeconds(1), Duration.ofMinutes(10));
        Secret token = admin.has(TOKEN_FILE)
                ? admin.secretFile(TOKEN_FILE, true, "a non-empty bearer token") : null;
        if (token != null && !isTokenText(token.reveal())) {
            admin.problem(TOKEN_FILE, admin.path(TOKEN_FILE).toString(),
                    "expected a file holding one token of visible ASCII characters, without spaces");
            token = null;
        }
        if (admin.problems().count() > mark) {
            return defaults();
        }
        return new AdminConfig(address == null ? DEFAULT_ADDRESS : address, maxConnections, timeout,
                Optional.ofNullable(token));
    }

    /** A token must fit in an {@code Authorization: Bearer} header as Prometheus sends it. */
    private static boolean isTokenText(String token) {
        return token.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }
}
