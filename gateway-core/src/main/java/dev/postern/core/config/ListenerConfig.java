package dev.postern.core.config;

import java.util.Objects;

/**
 * One address clients connect to, and how TLS is offered there.
 *
 * @param proxyProtocol whether a PROXY protocol header from a trusted load balancer is expected first
 *                      (trusted addresses: {@code proxy-protocol.trusted-proxies})
 */
public record ListenerConfig(HostPort address, ListenerTls tls, boolean proxyProtocol) {

    static final String[] KEYS = {"address", "tls", "proxy-protocol"};
    static final String NONE_NEEDS_LOOPBACK = "expected implicit or starttls unless the address is loopback";

    public ListenerConfig {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(tls, "tls");
        if (tls == ListenerTls.NONE && !address.isLoopback()) {
            throw new IllegalArgumentException("tls: none (" + NONE_NEEDS_LOOPBACK + ")");
        }
    }

    /** Binds one list item; null when something in it is wrong (reported). */
    static ListenerConfig bind(ConfigReader listener) {
        int mark = listener.problems().count();
        HostPort address = listener.listenAddress("address", null);
        ListenerTls tls = listener.choice("tls", ListenerTls.values(), ListenerTls::wireName, null);
        boolean proxyProtocol = listener.flag("proxy-protocol", false);
        if (address != null && tls == ListenerTls.NONE && !address.isLoopback()) {
            listener.problem("tls", ListenerTls.NONE.wireName(), NONE_NEEDS_LOOPBACK);
        }
        if (listener.problems().count() > mark) {
            return null;
        }
        return new ListenerConfig(address, tls, proxyProtocol);
    }
}
