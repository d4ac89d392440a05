package dev.postern.core.ingress;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelOption;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.unix.IntegerUnixChannelOption;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.channels.spi.SelectorProvider;

/**
 * Opens each listening socket in the family of its address, so {@code 0.0.0.0} listens on IPv4
 * only (the JDK and Netty would otherwise open an IPv6 socket that takes both), and sets
 * IPV6_V6ONLY on the IPv6 wildcard unless dual stack was asked for. With the pair {@code 0.0.0.0:P}
 * and {@code [::]:P} both bind, whatever {@code net.ipv6.bindv6only} says.
 *
 * <p>NIO cannot make an IPv6-only socket (the JDK turns IPV6_V6ONLY off on every IPv6 socket and
 * offers no option to turn it on), so on NIO the IPv6 wildcard without dual stack is refused with
 * a message saying so; every other address works on both transports.
 */
final class ListenSockets {

    /** Linux's IPPROTO_IPV6 and IPV6_V6ONLY (epoll runs on Linux only). */
    private static final ChannelOption<Integer> IPV6_V6ONLY = new IntegerUnixChannelOption("IPV6_V6ONLY", 41, 26);

    private ListenSockets() {
    }

    /**
     * Sets the channel factory (and IPV6_V6ONLY) of {@code bootstrap} for {@code resolved}.
     *
     * @throws ListenException when the transport cannot give this address the semantics asked for
     */
    static void configure(ServerBootstrap bootstrap, Transport transport, String description, ListenAddress address,
                          InetAddress resolved) {
        SocketProtocolFamily family = resolved instanceof Inet4Address ? SocketProtocolFamily.INET
                : SocketProtocolFamily.INET6;
        boolean epoll = transport.serverChannel() == EpollServerSocketChannel.class;
        bootstrap.channelFactory(factory(epoll, family));
        if (family == SocketProtocolFamily.INET6 && resolved.isAnyLocalAddress()) {
            if (epoll) {
                bootstrap.option(IPV6_V6ONLY, address.dualStack() ? 0 : 1);
            } else if (!address.dualStack()) {
                throw new ListenException(description + ": cannot listen on " + address + " for IPv6 only with the"
                        + " NIO transport (the JDK opens every IPv6 socket for IPv4 too); use the epoll transport"
                        + " (the default on Linux x86-64 and aarch64), or set dual-stack: true on this listener and"
                        + " remove any IPv4 listener on port " + address.port(), address.port(), null);
            }
        }
    }

    private static ChannelFactory<ServerChannel> factory(boolean epoll, SocketProtocolFamily family) {
        if (epoll) {
            return () -> new EpollServerSocketChannel(family);
        }
        return () -> new NioServerSocketChannel(SelectorProvider.provider(), family);
    }
}
