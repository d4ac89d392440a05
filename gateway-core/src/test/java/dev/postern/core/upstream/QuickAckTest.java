package dev.postern.core.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.core.ingress.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioChannelOption;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import jdk.net.ExtendedSocketOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The upstream quick-ack stage on real loopback sockets: each read takes the socket out of
 * delayed-ACK ("ping-pong") mode, read back from the kernel with getsockopt(TCP_QUICKACK).
 */
@EnabledOnOs(OS.LINUX)
class QuickAckTest {

    private static final ChannelOption<Boolean> NIO_QUICKACK = NioChannelOption.of(ExtendedSocketOptions.TCP_QUICKACK);

    @Test
    void shouldLeaveDelayedAckModeOnEveryReadWithEpollAndNio() throws Exception {
        for (Transport transport : new Transport[] {Transport.select("epoll"), Transport.nio()}) {
            EventLoopGroup group = transport.newGroup(1);
            try {
                Channel server = new ServerBootstrap().group(group).channel(transport.serverChannel())
                        .childHandler(new ChannelInboundHandlerAdapter())
                        .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
                AtomicReference<Boolean> afterRead = new AtomicReference<>();
                Channel client = new Bootstrap().group(group).channel(transport.socketChannel())
                        .handler(new ChannelInitializer<Channel>() {
                            @Override
                            protected void initChannel(Channel ch) {
                                ch.pipeline().addLast(QuickAck.INSTANCE, new ChannelInboundHandlerAdapter() {
                                    @Override
                                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                        ((ByteBuf) msg).release();
                                        afterRead.set(quickAck(ctx.channel()));
                                    }
                                });
                            }
                        })
                        .connect(server.localAddress()).sync().channel();

                // given: the socket in delayed-ACK mode, as the kernel puts one that answers what it reads
                Boolean delayed = client.eventLoop().submit(() -> {
                    setQuickAck(client, false);
                    return quickAck(client);
                }).get(10, TimeUnit.SECONDS);
                assertThat(delayed).as(transport.name() + ": delayed-ACK mode before the read").isFalse();

                // when: a read passes the stage (fired on the event loop, as a socket read is)
                client.eventLoop().submit(() -> client.pipeline().fireChannelRead(Unpooled.buffer(1).writeByte('*')))
                        .get(10, TimeUnit.SECONDS);

                // then
                assertThat(afterRead.get()).as(transport.name() + ": acknowledging at once after the read").isTrue();
                client.close().sync();
                server.close().sync();
            } finally {
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
            }
        }
    }

    @Test
    void shouldDoNothingOnAChannelWithoutSuchAnOption() {
        EmbeddedChannel channel = new EmbeddedChannel(QuickAck.INSTANCE);

        assertThat(QuickAck.arm(channel)).isFalse();
        channel.writeInbound(Unpooled.buffer(1).writeByte('*'));
        ByteBuf passed = channel.readInbound();
        assertThat(passed.readableBytes()).as("the read is passed on untouched").isEqualTo(1);
        passed.release();
        assertThat(channel.finish()).isFalse();
    }

    private static boolean quickAck(Channel channel) {
        if (channel instanceof EpollSocketChannel epoll) {
            return epoll.config().isTcpQuickAck();
        }
        return channel.config().getOption(NIO_QUICKACK);
    }

    private static void setQuickAck(Channel channel, boolean on) {
        if (channel instanceof EpollSocketChannel epoll) {
            epoll.config().setTcpQuickAck(on);
        } else {
            channel.config().setOption(NIO_QUICKACK, on);
        }
    }
}
