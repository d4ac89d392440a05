package dev.postern.core.ingress;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Where a listener binds, as the operator wrote it: a host (IPv4 or IPv6 literal, or a name) and a
 * port (0: any free port). An IPv4 address is bound IPv4 only and an IPv6 address IPv6 only, unless
 * {@code dualStack} asks the IPv6 wildcard socket to take IPv4 clients as well.
 *
 * @param host      the host as written, IPv6 without brackets
 * @param dualStack whether the IPv6 wildcard also accepts IPv4 (IPV6_V6ONLY off)
 */
public record ListenAddress(String host, int port, boolean dualStack) {

    public ListenAddress {
        Objects.requireNonNull(host, "host");
    }

    /** The address to bind (a host name is resolved here). */
    InetSocketAddress socketAddress() {
        return new InetSocketAddress(host, port);
    }

    /** {@code host:port} as written, IPv6 in brackets, with {@code actualPort} (the bound one when port was 0). */
    public String shown(int actualPort) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + actualPort;
    }

    @Override
    public String toString() {
        return shown(port);
    }
}
