package dev.postern.core.protocol;

import dev.postern.core.config.ListenerConfig;
import dev.postern.core.config.ListenerTls;
import dev.postern.core.front.PreAuthFront;
import dev.postern.core.ingress.ConnectionContextHandler;
import dev.postern.core.ingress.ConnectionRegistry;
import dev.postern.core.ingress.ListenerIngress;
import dev.postern.core.pipeline.PipelineNames;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.ssl.SslHandler;
import java.util.Objects;

/**
 * Builds one client pipeline of any protocol, always in the same order: connection context ->
 * [PROXY header stage] -> connection limits -> TLS (implicit listeners) -> the protocol's pre-auth
 * decoder -> its front. STARTTLS adds TLS at the head later. Every connection is registered with
 * the {@link ConnectionRegistry}, so a stop can reach it.
 */
public final class ClientInitializer extends ChannelInitializer<Channel> {

    private final String protocol;
    private final ListenerConfig listener;
    private final String listenerName;
    private final RunningProtocol running;
    private final ProtocolContext context;
    private final ConnectionRegistry connections;
    private final ListenerIngress ingress;

    /**
     * @param protocol the protocol's name: the metrics' and the log context's label
     * @param listener the listener whose connections this initializer sets up
     * @param ingress  the listener's PROXY header stage and connection limits
     */
    public ClientInitializer(String protocol, ListenerConfig listener, RunningProtocol running,
                             ProtocolContext context, ConnectionRegistry connections, ListenerIngress ingress) {
        this.protocol = Objects.requireNonNull(protocol, "protocol");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.listenerName = listener.address().toString();
        this.running = Objects.requireNonNull(running, "running");
        this.context = Objects.requireNonNull(context, "context");
        this.connections = Objects.requireNonNull(connections, "connections");
        this.ingress = Objects.requireNonNull(ingress, "ingress");
        context.metrics().prepareListener(protocol, listenerName);
    }

    @Override
    protected void initChannel(Channel ch) {
        ch.pipeline().addLast(PipelineNames.CONTEXT, new ConnectionContextHandler(protocol));
        ingress.install(ch.pipeline());
        context.metrics().connectionOpened(protocol, listenerName, ch);
        if (listener.tls() == ListenerTls.IMPLICIT) {
            SslHandler ssl = context.serverTls().get().newHandler(ch.alloc());
            ssl.setHandshakeTimeoutMillis(context.tlsHandshakeTimeout().toMillis());
            ch.pipeline().addLast(PipelineNames.TLS, ssl);
        }
        ch.pipeline().addLast(PipelineNames.DECODER, running.newDecoder());
        PreAuthFront<?> front = running.newFront(listener);
        ch.pipeline().addLast(PipelineNames.FRONT, front);
        connections.register(ch, front);
    }
}
