package dev.postern.core.ingress;

import dev.postern.core.net.Networks;
import java.util.Objects;

/**
 * The numbers behind {@link ConnectionLimiter}.
 *
 * @param maxConnections       open client connections of the whole gateway, every listener together
 * @param maxConnectionsPerIp  open client connections from one source (IPv4 address, IPv6 /64)
 * @param connectionsPerMinute new connections one source may open per minute (a token bucket that
 *                             holds this many and refills evenly over a minute)
 * @param maxTracked           most sources whose connection rate is remembered
 * @param trusted              networks exempt from the per-source limits (the global cap still applies)
 */
public record LimitSettings(int maxConnections, int maxConnectionsPerIp, int connectionsPerMinute, long maxTracked,
                            Networks trusted) {

    public LimitSettings {
        Objects.requireNonNull(trusted, "trusted");
        if (maxConnections < 1 || maxConnectionsPerIp < 1 || connectionsPerMinute < 1 || maxTracked < 1) {
            throw new IllegalArgumentException("maxConnections, maxConnectionsPerIp, connectionsPerMinute, maxTracked: "
                    + maxConnections + ", " + maxConnectionsPerIp + ", " + connectionsPerMinute + ", " + maxTracked
                    + " (expected at least 1 each)");
        }
    }
}
