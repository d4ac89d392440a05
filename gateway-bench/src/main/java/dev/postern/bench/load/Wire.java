package dev.postern.bench.load;

import dev.postern.core.ingress.Transport;
import dev.postern.core.upstream.QuickAck;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The load generator's event loops and socket factory. It picks its transport as the gateway does
 * ({@link Transport#detect()}, {@code -Dpostern.transport=nio} to force NIO).
 *
 * <p>By default its sockets delay acknowledgements as a mail client's do. With
 * {@code -D}{@value #QUICK_ACK}{@code =true} they acknowledge every segment at once (the gateway's
 * {@link QuickAck} on every read), which takes the 40 ms delayed-ACK stalls against a server that
 * writes with Nagle's algorithm out of the measurement and leaves the CPU cost.
 */
final class Wire implements AutoCloseable {

    static final String QUICK_ACK = "postern.bench.quick-ack";

    private final Transport transport;
    private final EventLoopGroup group;

    Wire(int threads) {
        this.transport = Transport.detect();
        this.group = transport.newGroup(threads);
    }

    Transport transport() {
        return transport;
    }

    /** Connects and completes with the channel once TCP is up; {@code init} builds the pipeline. */
    CompletableFuture<Channel> connect(String host, int port, ChannelInitializer<Channel> init) {
        CompletableFuture<Channel> result = new CompletableFuture<>();
        new Bootstrap().group(group).channel(transport.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (quickAck()) {
                            ch.pipeline().addLast(QuickAck.INSTANCE);
                        }
                        ch.pipeline().addLast(init);
                    }
                })
                .connect(host, port)
                .addListener(done -> {
                    if (done.isSuccess()) {
                        result.complete(((io.netty.channel.ChannelFuture) done).channel());
                    } else {
                        result.completeExceptionally(done.cause());
                    }
                });
        return result;
    }

    static boolean quickAck() {
        return Boolean.getBoolean(QUICK_ACK);
    }

    /** For the report: how this generator's sockets acknowledge. */
    static String describeAcks() {
        return quickAck() ? "acks at once (-D" + QUICK_ACK + "=true)" : "delayed acks (as mail clients)";
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
