package dev.postern.core.config;

import java.util.Objects;

/**
 * One address clients connect to, and how TLS is offered there. An IPv4 address listens on IPv4
 * only; an IPv6 address on IPv6 only, unless {@code dual-stack: true} (allowed only on {@code [::]})
 * asks for one socket that also takes IPv4 clients.
 *
 * @param proxyProtocol whether a PROXY protocol header from a trusted load balancer is expected first
 *                      (trusted addresses: {@code proxy-protocol.trusted-proxies})
 * @param dualStack     whether the IPv6 wildcard {@code [::]} also accepts IPv4 clients (IPV6_V6ONLY off)
 */
public record ListenerConfig(HostPort address, ListenerTls tls, boolean proxyProtocol, boolean dualStack) {

    static final String[] KEYS = {"address", "tls", "proxy-protocol", "dual-stack"};
    static final String NONE_NEEDS_LOOPBACK = "expected implicit or starttls unless the address is loopback";
    static final String DUAL_STACK_NEEDS_IPV6_WILDCARD = "expected true only with the address \"[::]:PORT\"";

    public ListenerConfig {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(tls, "tls");
        if (tls == ListenerTls.NONE && !address.isLoopback()) {
            throw new IllegalArgumentException("tls: none (" + NONE_NEEDS_LOOPBACK + ")");
        }
        if (dualStack && !address.isIpv6Wildcard()) {
            throw new IllegalArgumentException("dual-stack: true (" + dualStackReason(address) + ")");
        }
    }

    /** A listener on one address family only (no dual stack). */
    public ListenerConfig(HostPort address, ListenerTls tls, boolean proxyProtocol) {
        this(address, tls, proxyProtocol, false);
    }

    /** Binds one list item; null when something in it is wrong (reported). */
    static ListenerConfig bind(ConfigReader listener) {
        int mark = listener.problems().count();
        HostPort address = listener.listenAddress("address", null);
        ListenerTls tls = listener.choice("tls", ListenerTls.values(), ListenerTls::wireName, null);
        boolean proxyProtocol = listener.flag("proxy-protocol", false);
        boolean dualStack = listener.flag("dual-stack", false);
        if (address != null && tls == ListenerTls.NONE && !address.isLoopback()) {
            listener.problem("tls", ListenerTls.NONE.wireName(), NONE_NEEDS_LOOPBACK);
        }
        if (address != null && dualStack && !address.isIpv6Wildcard()) {
            listener.problem("dual-stack", "true", dualStackReason(address));
        }
        if (listener.problems().count() > mark) {
            return null;
        }
        return new ListenerConfig(address, tls, proxyProtocol, dualStack);
    }

    private static String dualStackReason(HostPort address) {
        return DUAL_STACK_NEEDS_IPV6_WILDCARD + ", not with \"" + address + "\"";
    }
}
