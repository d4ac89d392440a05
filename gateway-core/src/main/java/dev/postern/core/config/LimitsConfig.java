package dev.postern.core.config;

import dev.postern.core.net.Networks;
import java.util.Objects;

/**
 * Abuse limits ({@code limits}): connection caps and rate, brute-force throttling, and the trusted
 * networks exempt from the per-source limits and the throttle.
 *
 * @param trustedNetworks          sources never limited per source nor throttled (monitoring, webmail backends)
 * @param maxConnections           open client connections of the whole gateway
 * @param maxConnectionsPerIp      open client connections from one source (IPv4 address, IPv6 /64)
 * @param connectionsPerMinutePerIp new connections one source may open per minute
 * @param maxTrackedAddresses      most sources (and users) whose rate or failures are remembered, per kind
 * @param failures                 brute-force throttling
 */
public record LimitsConfig(Networks trustedNetworks, int maxConnections, int maxConnectionsPerIp,
                           int connectionsPerMinutePerIp, int maxTrackedAddresses, FailuresConfig failures) {

    public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
    public static final int DEFAULT_MAX_CONNECTIONS_PER_IP = 50;
    public static final int DEFAULT_CONNECTIONS_PER_MINUTE_PER_IP = 60;
    public static final int DEFAULT_MAX_TRACKED_ADDRESSES = 100_000;

    static final String SECTION = "limits";
    static final String[] KEYS = {"trusted-networks", "max-connections", "max-connections-per-ip",
            "connections-per-minute-per-ip", "max-tracked-addresses", FailuresConfig.SECTION};

    private static final int MAX = 10_000_000;

    public LimitsConfig {
        Objects.requireNonNull(trustedNetworks, "trustedNetworks");
        Objects.requireNonNull(failures, "failures");
    }

    public static LimitsConfig defaults() {
        return new LimitsConfig(Networks.NONE, DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_CONNECTIONS_PER_IP,
                DEFAULT_CONNECTIONS_PER_MINUTE_PER_IP, DEFAULT_MAX_TRACKED_ADDRESSES, FailuresConfig.defaults());
    }

    static LimitsConfig bind(ConfigReader limits) {
        int mark = limits.problems().count();
        Networks trusted = NetworksReader.read(limits, "trusted-networks");
        int maxConnections = limits.integer("max-connections", DEFAULT_MAX_CONNECTIONS, 1, MAX);
        int perIp = limits.integer("max-connections-per-ip", DEFAULT_MAX_CONNECTIONS_PER_IP, 1, MAX);
        int rate = limits.integer("connections-per-minute-per-ip", DEFAULT_CONNECTIONS_PER_MINUTE_PER_IP, 1, MAX);
        int tracked = limits.integer("max-tracked-addresses", DEFAULT_MAX_TRACKED_ADDRESSES, 1_000, MAX);
        FailuresConfig failures = FailuresConfig.bind(limits.section(FailuresConfig.SECTION, FailuresConfig.KEYS));
        if (limits.problems().count() > mark) {
            return null;
        }
        return new LimitsConfig(trusted, maxConnections, perIp, rate, tracked, failures);
    }
}
