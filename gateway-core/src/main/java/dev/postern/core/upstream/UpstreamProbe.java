package dev.postern.core.upstream;

import dev.postern.core.ingress.Transport;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks now and then that a front's upstream can be reached: opens a TCP connection (and, for an
 * implicit-TLS upstream, completes the handshake, certificate checks included), then closes it
 * without logging in. A reachable upstream's greeting is read before the close (at most
 * {@link #GREETING_GRACE} later), so the server sees an orderly end rather than a reset from
 * unread bytes. The last result feeds readiness and the {@code postern_upstream_up} gauge.
 * STARTTLS upstreams are probed at the TCP level only (the upgrade needs the protocol's dialogue).
 */
public final class UpstreamProbe implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UpstreamProbe.class);

    /** How long a reachable probe connection waits for the server's first bytes before closing anyway. */
    static final Duration GREETING_GRACE = Duration.ofSeconds(2);

    /** The outcome of one probe; {@code reason} says what failed (empty when reachable). */
    public record Status(boolean reachable, String reason, Instant checkedAt) {
        public Status {
            Objects.requireNonNull(reason, "reason");
        }
    }

    private static final AttributeKey<Boolean> RECORDED = AttributeKey.valueOf("postern.probe.recorded");
    private static final AttributeKey<Boolean> GREETED = AttributeKey.valueOf("postern.probe.greeted");

    private final String name;
    private final Transport transport;
    private final EventLoopGroup group;
    private final UpstreamEndpoint endpoint;
    private final InstantSource clock;
    // Written on an event loop, read by the admin listener and the metrics scrape.
    private volatile Status last;
    private volatile ScheduledFuture<?> schedule;

    /** @param name what the probe is for in messages, e.g. {@code imap} */
    public UpstreamProbe(String name, Transport transport, EventLoopGroup group, UpstreamEndpoint endpoint,
                         InstantSource clock) {
        this.name = Objects.requireNonNull(name, "name");
        this.transport = Objects.requireNonNull(transport, "transport");
        this.group = Objects.requireNonNull(group, "group");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Probes now and then every {@code interval} until {@link #close()}. */
    public void start(Duration interval) {
        schedule = group.next().scheduleAtFixedRate(this::probe, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The last result, or null before the first probe finished. */
    public Status last() {
        return last;
    }

    public String name() {
        return name;
    }

    public UpstreamEndpoint endpoint() {
        return endpoint;
    }

    /** Probes once now; the future completes (never exceptionally) when the result is recorded. */
    public CompletableFuture<Status> probe() {
        CompletableFuture<Status> result = new CompletableFuture<>();
        endpoint.bootstrap(group, transport)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (endpoint.security() == UpstreamEndpoint.Security.IMPLICIT) {
                            SslHandler ssl = endpoint.newSslHandler(ch.alloc());
                            ssl.setHandshakeTimeoutMillis(endpoint.connectTimeout().toMillis());
                            ch.pipeline().addLast(ssl);
                        }
                        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                ReferenceCountUtil.release(msg);
                                if (ctx.channel().hasAttr(RECORDED)) {
                                    ctx.close(); // the greeting after a recorded success: done
                                } else {
                                    ctx.channel().attr(GREETED).set(Boolean.TRUE);
                                }
                            }

                            @Override
                            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                ctx.close();
                            }
                        });
                    }
                })
                .connect(endpoint.host(), endpoint.port())
                .addListener(connected -> {
                    if (!connected.isSuccess()) {
                        record(result, false, "unreachable: " + connected.cause().getMessage(), null);
                        return;
                    }
                    Channel channel = ((io.netty.channel.ChannelFuture) connected).channel();
                    SslHandler ssl = channel.pipeline().get(SslHandler.class);
                    if (ssl == null) {
                        record(result, true, "", channel);
                        return;
                    }
                    ssl.handshakeFuture().addListener(handshake -> record(result, handshake.isSuccess(),
                            handshake.isSuccess() ? "" : "tls: " + handshake.cause().getMessage(), channel));
                });
        return result;
    }

    private void record(CompletableFuture<Status> result, boolean reachable, String reason, Channel channel) {
        if (channel != null) {
            channel.attr(RECORDED).set(Boolean.TRUE);
            if (!reachable || channel.hasAttr(GREETED)) {
                channel.close();
            } else {
                channel.eventLoop().schedule(() -> channel.close(), GREETING_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        Status previous = last;
        Status now = new Status(reachable, reason, clock.instant());
        last = now;
        if (!reachable && (previous == null || previous.reachable())) {
            LOG.warn("upstream {} ({}) is not reachable: {}", name, endpoint, reason);
        } else if (reachable && previous != null && !previous.reachable()) {
            LOG.info("upstream {} ({}) is reachable again", name, endpoint);
        }
        result.complete(now);
    }

    @Override
    public void close() {
        ScheduledFuture<?> scheduled = schedule;
        if (scheduled != null) {
            scheduled.cancel(false);
        }
    }
}
