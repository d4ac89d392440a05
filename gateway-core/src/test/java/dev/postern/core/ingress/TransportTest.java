package dev.postern.core.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The transport choice (epoll where it loads, NIO otherwise or when forced) and that it carries bytes. */
class TransportTest {

    @Test
    @EnabledOnOs(value = OS.LINUX, architectures = {"amd64", "aarch64"})
    void shouldShipEpollSoLinuxX86AndArmUseItByDefault() {
        assertThat(Epoll.unavailabilityCause()).as("netty-transport-native-epoll on the class path").isNull();
        assertThat(Transport.detect().name()).isEqualTo("epoll");
    }

    @Test
    void shouldPickEpollWhereItLoadsAndOtherwiseFallBackToNioSayingWhy() {
        // when
        Transport transport = Transport.select("auto");

        // then
        if (Epoll.isAvailable()) {
            assertThat(transport.name()).isEqualTo("epoll");
            assertThat(transport.fallbackReason()).isNull();
            assertThat(transport.describe()).isEqualTo("epoll");
        } else {
            assertThat(transport.name()).isEqualTo("nio");
            assertThat(transport.describe()).startsWith("nio (epoll unavailable: ");
        }
    }

    @Test
    void shouldUseNioWhenForced() {
        Transport transport = Transport.select("NIO");

        assertThat(transport.name()).isEqualTo("nio");
        assertThat(transport.describe()).isEqualTo("nio (forced by -Dpostern.transport=nio)");
    }

    @Test
    void shouldRefuseAnUnknownTransportNamingTheChoices() {
        assertThatThrownBy(() -> Transport.select("kqueue")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("postern.transport: kqueue (expected one of: auto, epoll, nio)");
    }

    @Test
    void shouldCarryBytesOverLoopbackWithTheDetectedAndTheNioTransport() throws Exception {
        for (Transport transport : new Transport[] {Transport.select("auto"), Transport.nio()}) {
            // given: an echo server and a client on the transport's group and channels
            EventLoopGroup group = transport.newGroup(1);
            try {
                Channel server = new ServerBootstrap().group(group).channel(transport.serverChannel())
                        .childHandler(new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                ctx.writeAndFlush(msg);
                            }
                        })
                        .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
                CompletableFuture<String> echoed = new CompletableFuture<>();
                Channel client = new Bootstrap().group(group).channel(transport.socketChannel())
                        .handler(new ChannelInitializer<Channel>() {
                            @Override
                            protected void initChannel(Channel ch) {
                                ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                                    @Override
                                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                        ByteBuf buf = (ByteBuf) msg;
                                        echoed.complete(buf.toString(StandardCharsets.US_ASCII));
                                        buf.release();
                                    }
                                });
                            }
                        })
                        .connect(server.localAddress()).sync().channel();

                // when
                client.writeAndFlush(Unpooled.copiedBuffer("a NOOP\r\n", StandardCharsets.US_ASCII));

                // then
                assertThat(echoed.get(10, TimeUnit.SECONDS)).as(transport.name()).isEqualTo("a NOOP\r\n");
                client.close().sync();
                server.close().sync();
            } finally {
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
            }
        }
    }
}
