package dev.postern.core.ingress;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * The Netty transport in use: the event loop group and the channel classes that go with it.
 * NIO everywhere for now; a native transport can be chosen here without touching callers.
 */
public record Transport(String name, Class<? extends ServerSocketChannel> serverChannel,
                        Class<? extends SocketChannel> socketChannel) {

    public static Transport nio() {
        return new Transport("nio", NioServerSocketChannel.class, NioSocketChannel.class);
    }

    /** One group serves accepting, clients and upstreams, so a session stays on one thread. */
    public EventLoopGroup newGroup(int threads) {
        return new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
    }
}
