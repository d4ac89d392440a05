package dev.postern.core.front;

import dev.postern.core.ingress.ConnectionContextHandler;
import dev.postern.core.ingress.ConnectionRegistry;
import dev.postern.core.ingress.ListenerIngress;
import dev.postern.core.observe.GatewayMetrics;
import dev.postern.core.pipeline.PipelineNames;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.time.Duration;
import java.util.Objects;

/**
 * Builds one client pipeline of a protocol front, always in the same order: connection context ->
 * [PROXY header stage] -> connection limits -> TLS (implicit listeners) -> the pre-auth decoder ->
 * the front. STARTTLS adds TLS at the head later. Every connection is registered with the
 * {@link ConnectionRegistry}, so a stop can reach it. Subclasses make the protocol's decoder and front.
 */
public abstract class FrontInitializer extends ChannelInitializer<Channel> {

    private final String protocol;
    private final String listener;
    private final boolean implicitTls;
    private final GatewayMetrics metrics;
    private final ConnectionRegistry connections;
    private final ListenerIngress ingress;

    /**
     * @param protocol    {@code imap} or {@code smtp}: the metrics' and the log context's label
     * @param listener    the listener's address, for metrics and the audit log
     * @param implicitTls whether TLS starts with the connection
     * @param ingress     the listener's PROXY header stage and connection limits
     */
    protected FrontInitializer(String protocol, String listener, boolean implicitTls, GatewayMetrics metrics,
                               ConnectionRegistry connections, ListenerIngress ingress) {
        this.protocol = Objects.requireNonNull(protocol, "protocol");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.implicitTls = implicitTls;
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.connections = Objects.requireNonNull(connections, "connections");
        this.ingress = Objects.requireNonNull(ingress, "ingress");
        metrics.prepareListener(protocol, listener);
    }

    /** The server context in force now (it may have been reloaded). */
    protected abstract SslContext serverTls();

    protected abstract Duration tlsHandshakeTimeout();

    protected abstract SuspendableDecoder newDecoder();

    protected abstract PreAuthFront<?> newFront();

    @Override
    protected final void initChannel(Channel ch) {
        ch.pipeline().addLast(PipelineNames.CONTEXT, new ConnectionContextHandler(protocol));
        ingress.install(ch.pipeline());
        metrics.connectionOpened(protocol, listener, ch);
        if (implicitTls) {
            SslHandler ssl = serverTls().newHandler(ch.alloc());
            ssl.setHandshakeTimeoutMillis(tlsHandshakeTimeout().toMillis());
            ch.pipeline().addLast(PipelineNames.TLS, ssl);
        }
        ch.pipeline().addLast(PipelineNames.DECODER, newDecoder());
        PreAuthFront<?> front = newFront();
        ch.pipeline().addLast(PipelineNames.FRONT, front);
        connections.register(ch, front);
    }
}
