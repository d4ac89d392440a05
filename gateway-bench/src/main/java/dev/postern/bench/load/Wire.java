package dev.postern.bench.load;

import dev.postern.core.ingress.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ChannelInitializer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The load generator's event loops and socket factory. It picks its transport as the gateway does
 * ({@link Transport#detect()}, {@code -Dpostern.transport=nio} to force NIO).
 */
final class Wire implements AutoCloseable {

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
                .handler(init)
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

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
