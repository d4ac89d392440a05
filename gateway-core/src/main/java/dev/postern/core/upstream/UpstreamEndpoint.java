package dev.postern.core.upstream;

import dev.postern.core.ingress.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how to reach the upstream mailbox server: address, transport security, the name its
 * certificate must carry, and the time allowed to connect and to log in.
 *
 * @param sslContext a client context (certificate and host-name checks as configured); null only for {@link Security#NONE}
 */
public record UpstreamEndpoint(String host, int port, Security security, SslContext sslContext, String serverName,
                               Duration connectTimeout, Duration loginTimeout) {

    /** How the upstream leg is protected. */
    public enum Security { IMPLICIT, STARTTLS, NONE }

    public UpstreamEndpoint {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(security, "security");
        Objects.requireNonNull(serverName, "serverName");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(loginTimeout, "loginTimeout");
        if (security != Security.NONE && sslContext == null) {
            throw new IllegalArgumentException("sslContext: null (expected a client context for " + security + ")");
        }
    }

    /**
     * A bootstrap for a connection to this endpoint on {@code group}: the transport's channel, the
     * connect timeout, Nagle's algorithm off, and the host name looked up off the event loop
     * ({@link HostResolver}). Connect it with {@code connect(host(), port())}.
     */
    public Bootstrap bootstrap(EventLoopGroup group, Transport transport) {
        return new Bootstrap()
                .group(group)
                .channel(transport.socketChannel())
                .resolver(HostResolver.SYSTEM)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()))
                .option(ChannelOption.TCP_NODELAY, true);
    }

    /** A handler that verifies the certificate against {@link #serverName()} and sends it as SNI. */
    public SslHandler newSslHandler(ByteBufAllocator alloc) {
        return sslContext.newHandler(alloc, serverName, port);
    }

    @Override
    public String toString() {
        return host + ":" + port + " (" + security.name().toLowerCase(java.util.Locale.ROOT) + ")";
    }
}
