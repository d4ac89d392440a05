package dev.postern.core.ingress;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds Postern's listeners on one event loop group and closes them. Each listener comes with the
 * initializer that builds its client pipeline.
 */
public final class GatewayServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayServer.class);

    private final EventLoopGroup group;
    private final Transport transport;
    private final List<Channel> bound = new ArrayList<>();

    public GatewayServer(EventLoopGroup group, Transport transport) {
        this.group = group;
        this.transport = transport;
    }

    /**
     * Binds one listener and waits for the bind (start-up only, never on an event loop). The socket
     * has the family of the address (see {@link ListenSockets}); the log names the address as written.
     *
     * @throws ListenException naming the listener, the address and the likely cause if it cannot be bound
     */
    public InetSocketAddress bind(String description, ListenAddress address, ChannelHandler initializer) {
        InetSocketAddress target = address.socketAddress();
        if (target.isUnresolved()) {
            throw new ListenException(description + ": cannot listen on " + address + ": " + address.host()
                    + " does not resolve to an address", address.port(), null);
        }
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(initializer);
        ListenSockets.configure(bootstrap, transport, description, address, target.getAddress());
        ChannelFuture future = bootstrap.bind(target).awaitUninterruptibly();
        if (!future.isSuccess()) {
            throw ListenException.bindFailed(description, address, future.cause());
        }
        Channel channel = future.channel();
        synchronized (bound) {
            bound.add(channel);
        }
        InetSocketAddress local = (InetSocketAddress) channel.localAddress();
        LOG.info("{} listening on {}", description, address.shown(local.getPort()));
        return local;
    }

    /** Stops accepting new connections; sessions already open go on. */
    @Override
    public void close() {
        synchronized (bound) {
            for (Channel channel : bound) {
                channel.close().awaitUninterruptibly();
            }
            bound.clear();
        }
    }
}
