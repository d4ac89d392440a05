package dev.postern.pop3.upstream;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A loopback relay in front of a POP3 server that drops the {@code SASL} line of its CAPA
 * response, so a server with SASL PLAIN (GreenMail) can play one that offers only USER/PASS. Every
 * other line passes unchanged both ways.
 */
final class SaslHidingRelay implements AutoCloseable {

    private final Channel server;

    SaslHidingRelay(EventLoopGroup group, int targetPort) throws InterruptedException {
        server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.AUTO_READ, false)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel client) {
                        new Bootstrap().group(client.eventLoop()).channel(NioSocketChannel.class)
                                .handler(new ChannelInitializer<Channel>() {
                                    @Override
                                    protected void initChannel(Channel target) {
                                        target.pipeline().addLast(new LineBasedFrameDecoder(64 * 1024, false, false),
                                                new Pipe(client, true));
                                    }
                                })
                                .connect("127.0.0.1", targetPort).addListener(connected -> {
                                    if (!connected.isSuccess()) {
                                        client.close();
                                        return;
                                    }
                                    Channel target = ((io.netty.channel.ChannelFuture) connected).channel();
                                    client.pipeline().addLast(new Pipe(target, false));
                                    client.config().setAutoRead(true);
                                });
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
    }

    /** Writes what it reads to {@code peer}; from the server, a line starting with {@code SASL} is dropped. */
    private static final class Pipe extends ChannelInboundHandlerAdapter {

        private final Channel peer;
        private final boolean fromServer;

        Pipe(Channel peer, boolean fromServer) {
            this.peer = peer;
            this.fromServer = fromServer;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            if (fromServer && buf.toString(StandardCharsets.ISO_8859_1).regionMatches(true, 0, "SASL", 0, 4)) {
                buf.release();
                return;
            }
            peer.writeAndFlush(buf);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            peer.close();
        }
    }
}
