package dev.postern.core.ingress;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * The client's real address: the one a trusted PROXY protocol header carried, if any, else the
 * peer of the TCP connection. Everything that needs "the client IP" (throttling, audit log,
 * forwarding upstream) asks here.
 */
public final class ClientAddress {

    /** Set by the PROXY protocol stage when a trusted load balancer names the real client. */
    public static final AttributeKey<InetSocketAddress> PROXIED = AttributeKey.valueOf("postern.client-address");

    private ClientAddress() {
    }

    public static InetSocketAddress of(Channel channel) {
        InetSocketAddress proxied = channel.attr(PROXIED).get();
        if (proxied != null) {
            return proxied;
        }
        SocketAddress remote = channel.remoteAddress();
        if (remote instanceof InetSocketAddress inet) {
            return inet;
        }
        return new InetSocketAddress("0.0.0.0", 0);
    }

    /** The address as text without a reverse lookup, e.g. {@code 192.0.2.10} or {@code 2001:db8::1}. */
    public static String ip(Channel channel) {
        InetSocketAddress address = of(channel);
        return address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
    }
}
