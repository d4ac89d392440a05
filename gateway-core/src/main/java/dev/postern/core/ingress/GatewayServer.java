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
     * Binds one listener and waits for the bind (start-up only, never on an event loop).
     *
     * @throws IllegalStateException naming the address if it cannot be bound
     */
    public InetSocketAddress bind(String description, InetSocketAddress address, ChannelHandler initializer) {
        ChannelFuture future = new ServerBootstrap()
                .group(group)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(initializer)
                .bind(address)
                .awaitUninterruptibly();
        if (!future.isSuccess()) {
            throw new IllegalStateException(description + ": cannot listen on " + address.getHostString() + ":"
                    + address.getPort() + " (" + future.cause().getMessage()
                    + "); is another process using the port, or does this one need CAP_NET_BIND_SERVICE?",
                    future.cause());
        }
        Channel channel = future.channel();
        synchronized (bound) {
            bound.add(channel);
        }
        InetSocketAddress local = (InetSocketAddress) channel.localAddress();
        LOG.info("{} listening on {}:{}", description, local.getHostString(), local.getPort());
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
