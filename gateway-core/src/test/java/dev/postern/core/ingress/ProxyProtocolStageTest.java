package dev.postern.core.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.core.net.Networks;
import dev.postern.core.pipeline.PipelineNames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProxyProtocolStageTest {

    private static final Networks TRUSTED = Networks.parse(List.of("10.0.0.0/8"));
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** Stands for the front: records when channelActive arrives and what it reads. */
    private static final class Front extends ChannelInboundHandlerAdapter {
        boolean active;
        String activeClient;

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            active = true;
            activeClient = ClientAddress.ip(ctx.channel());
            ctx.fireChannelActive();
        }
    }

    private static EmbeddedChannel channelFrom(String peer, Front front) {
        // not registered at construction, so the stages are in place when channelActive fires
        EmbeddedChannel channel = new EmbeddedChannel(false, false) {
            @Override
            protected SocketAddress remoteAddress0() {
                return new InetSocketAddress(peer, 40000);
            }
        };
        new ListenerIngress(null, TRUSTED, TIMEOUT).install(channel.pipeline());
        channel.pipeline().addLast("front", front);
        try {
            channel.register();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return channel;
    }

    private static ByteBuf ascii(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII);
    }

    @Test
    void shouldTakeTheClientFromAV1HeaderThenRemoveItselfAndLetBytesThrough() {
        Front front = new Front();
        EmbeddedChannel channel = channelFrom("10.0.0.5", front);
        int handlersBefore = channel.pipeline().names().size();
        assertThat(front.active).as("held back until the header").isFalse();

        channel.writeInbound(ascii("PROXY TCP4 203.0.113.9 192.0.2.1 51000 993\r\na1 CAPABILITY\r\n"));

        assertThat(front.active).isTrue();
        assertThat(front.activeClient).isEqualTo("203.0.113.9");
        assertThat(ClientAddress.of(channel).getPort()).isEqualTo(51000);
        assertThat(channel.pipeline().names()).hasSize(handlersBefore - 2)
                .doesNotContain(PipelineNames.PROXY_DECODER, PipelineNames.PROXY_STAGE);
        ByteBuf rest = channel.readInbound();
        assertThat(rest.toString(StandardCharsets.US_ASCII)).isEqualTo("a1 CAPABILITY\r\n");
        rest.release();
        assertThat((Object) channel.readInbound()).isNull();
        channel.finishAndReleaseAll();
    }

    @Test
    void shouldTakeTheClientFromAV2HeaderSplitAcrossReads() {
        Front front = new Front();
        EmbeddedChannel channel = channelFrom("10.0.0.5", front);
        byte[] header = v2Ipv6Header();

        channel.writeInbound(Unpooled.wrappedBuffer(header, 0, 10));
        assertThat(front.active).isFalse();
        channel.writeInbound(Unpooled.wrappedBuffer(header, 10, header.length - 10));

        assertThat(front.activeClient).isEqualTo("2001:db8:0:0:0:0:0:9");
        assertThat(channel.pipeline().get(PipelineNames.PROXY_STAGE)).isNull();
        assertThat(channel.pipeline().get(PipelineNames.PROXY_DECODER)).isNull();
        channel.finishAndReleaseAll();
    }

    @Test
    void shouldCloseOnAMalformedHeader() {
        Front front = new Front();
        EmbeddedChannel channel = channelFrom("10.0.0.5", front);

        channel.writeInbound(ascii("a1 LOGIN alice secret\r\n"));

        assertThat(channel.isOpen()).isFalse();
        assertThat(front.active).isFalse();
        channel.finishAndReleaseAll();
    }

    @Test
    void shouldCloseAConnectionFromAnUntrustedAddressBeforeReadingAnything() {
        Front front = new Front();
        EmbeddedChannel channel = channelFrom("192.0.2.50", front);

        assertThat(channel.isOpen()).isFalse();
        assertThat(front.active).isFalse();
        channel.finishAndReleaseAll();
    }

    @Test
    void shouldCloseWhenTheHeaderDoesNotArriveInTime() {
        Front front = new Front();
        EmbeddedChannel channel = channelFrom("10.0.0.5", front);

        // The embedded loop's clock also runs in real time: stay well clear of the deadline on a busy machine.
        channel.freezeTime();
        channel.advanceTimeBy(TIMEOUT.toMillis() / 2, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isOpen()).isTrue();
        channel.advanceTimeBy(TIMEOUT.toMillis() / 2 + 1, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();

        assertThat(channel.isOpen()).isFalse();
        assertThat(front.active).isFalse();
        channel.finishAndReleaseAll();
    }

    @Test
    void shouldKeepTheBalancerAsClientForALocalHealthCheck() {
        Front front = new Front();
        EmbeddedChannel channel = channelFrom("10.0.0.5", front);

        channel.writeInbound(ascii("PROXY UNKNOWN\r\n"));

        assertThat(front.activeClient).isEqualTo("10.0.0.5");
        channel.finishAndReleaseAll();
    }

    /** A PROXY v2 header: PROXY command, TCP over IPv6, 2001:db8::9 port 51000 -> 2001:db8::1 port 993. */
    static byte[] v2Ipv6Header() {
        ByteBuf buf = Unpooled.buffer();
        buf.writeBytes(new byte[] {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A});
        buf.writeByte(0x21); // version 2, PROXY
        buf.writeByte(0x21); // AF_INET6, STREAM
        buf.writeShort(36);
        buf.writeBytes(new byte[] {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9});
        buf.writeBytes(new byte[] {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});
        buf.writeShort(51000);
        buf.writeShort(993);
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        buf.release();
        return bytes;
    }
}
