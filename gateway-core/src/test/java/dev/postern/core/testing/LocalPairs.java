package dev.postern.core.testing;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Connected in-JVM channel pairs, for tests of what happens between two real channels. */
public final class LocalPairs {

    private LocalPairs() {
    }

    /** A connected pair on {@code group}: [0] the accepted side, [1] the connecting side. */
    public static Channel[] connect(EventLoopGroup group, String name) throws Exception {
        CompletableFuture<Channel> accepted = new CompletableFuture<>();
        LocalAddress address = new LocalAddress(name + System.nanoTime());
        Channel server = new ServerBootstrap().group(group).channel(LocalServerChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        accepted.complete(ch);
                    }
                }).bind(address).sync().channel();
        Channel connecting = new Bootstrap().group(group).channel(LocalChannel.class)
                .handler(new ChannelInboundHandlerAdapter()).connect(address).sync().channel();
        Channel child = accepted.get(5, TimeUnit.SECONDS);
        server.close().sync();
        return new Channel[] {child, connecting};
    }
}
