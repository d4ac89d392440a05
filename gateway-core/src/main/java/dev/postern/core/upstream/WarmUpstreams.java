package dev.postern.core.upstream;

import dev.postern.core.ingress.Transport;
import dev.postern.core.pipeline.PipelineNames;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream connections kept ready ahead of logins ({@code upstream.warm-connections}), a few per
 * event loop: connected, TLS done (implicit TLS), the greeting read and held by a
 * {@link ParkedUpstream}. A login {@link #take takes} one instead of connecting, so it waits only for
 * its own login command; the connection taken is replaced at once. A connection serves at most one
 * login: it leaves the pool when taken and never comes back.
 *
 * <p>A loop's pool starts at the first login on that loop and is kept full while logins come: one
 * that no login took within {@code maxAge} is closed (before the server's own pre-login timeout;
 * Dovecot's is 3 minutes) and replaced only if a login took a connection from that loop within
 * {@link #KEEP_WARM}; a gateway without logins ends up holding none. After a connection that failed
 * before its greeting, the loop waits {@link #PAUSE_AFTER_FAILURE} before opening another, so an
 * unreachable upstream is not hammered; logins meanwhile connect as without a pool and report the
 * failure themselves.
 *
 * <p>Each loop's state is touched only on that loop; the map of loops is the one shared structure.
 */
public final class WarmUpstreams {

    public static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(30);
    static final Duration KEEP_WARM = Duration.ofMinutes(2);
    static final Duration PAUSE_AFTER_FAILURE = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(WarmUpstreams.class);

    private final Transport transport;
    private final UpstreamEndpoint endpoint;
    private final int perLoop;
    private final Duration maxAge;
    private final Map<EventLoop, LoopPool> loops = new ConcurrentHashMap<>();

    public WarmUpstreams(Transport transport, UpstreamEndpoint endpoint, int perLoop, Duration maxAge) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        if (perLoop < 1) {
            throw new IllegalArgumentException("perLoop: " + perLoop + " (expected: at least 1)");
        }
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("maxAge: " + maxAge + " (expected: positive)");
        }
        this.perLoop = perLoop;
        this.maxAge = maxAge;
    }

    /**
     * A ready connection of {@code loop} with its greeting held, out of the pool for good, or null
     * when none is ready; either way the pool is refilled right after the current task (so a login
     * that found none connects first). Must run on {@code loop}.
     */
    public Channel take(EventLoop loop) {
        if (!loop.inEventLoop()) {
            throw new IllegalStateException("take must run on the loop whose connection it takes");
        }
        return loops.computeIfAbsent(loop, LoopPool::new).take();
    }

    /** Connections ready on {@code loop} now (for tests and metrics). */
    int ready(EventLoop loop) {
        LoopPool pool = loops.get(loop);
        return pool == null ? 0 : pool.ready.size();
    }

    private final class LoopPool implements ParkedUpstream.Pool {
        private final EventLoop loop;
        private final ArrayDeque<Channel> ready = new ArrayDeque<>();
        private int opening;
        private boolean paused;
        private long lastTake;

        LoopPool(EventLoop loop) {
            this.loop = loop;
        }

        Channel take() {
            lastTake = System.nanoTime();
            Channel taken;
            do {
                taken = ready.pollFirst();
            } while (taken != null && !taken.isActive());
            loop.execute(this::fill);
            return taken;
        }

        private void fill() {
            while (!paused && ready.size() + opening < perLoop) {
                open();
            }
        }

        private boolean wanted() {
            return System.nanoTime() - lastTake < KEEP_WARM.toNanos();
        }

        private void open() {
            opening++;
            LoopPool pool = this;
            try {
                new Bootstrap()
                        .group(loop)
                        .channel(transport.socketChannel())
                        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS,
                                (int) Math.min(Integer.MAX_VALUE, endpoint.connectTimeout().toMillis()))
                        .option(ChannelOption.TCP_NODELAY, true)
                        .handler(new ChannelInitializer<Channel>() {
                            @Override
                            protected void initChannel(Channel ch) {
                                ch.pipeline().addLast(PipelineNames.UPSTREAM_QUICKACK, QuickAck.INSTANCE);
                                if (endpoint.security() == UpstreamEndpoint.Security.IMPLICIT) {
                                    ch.pipeline().addLast(PipelineNames.TLS, endpoint.newSslHandler(ch.alloc()));
                                }
                                ch.pipeline().addLast(PipelineNames.UPSTREAM_PARKED, new ParkedUpstream(pool, maxAge));
                            }
                        })
                        .connect(endpoint.host(), endpoint.port())
                        .addListener(connected -> {
                            if (!connected.isSuccess()) {
                                failed(connected.cause());
                            }
                        });
            } catch (RuntimeException e) { // the loop is shutting down
                opening--;
                paused = true;
            }
        }

        @Override
        public void ready(Channel upstream) {
            opening--;
            ready.addLast(upstream);
        }

        @Override
        public void gone(Channel upstream, boolean wasReady) {
            if (!wasReady) {
                failed(null);
                return;
            }
            ready.remove(upstream);
            if (wanted()) {
                fill();
            }
        }

        private void failed(Throwable cause) {
            opening--;
            LOG.debug("warm upstream connection to {} failed: {}", endpoint, cause == null ? "closed before its greeting" : cause.toString());
            if (paused) {
                return;
            }
            paused = true;
            loop.schedule(() -> {
                paused = false;
                if (wanted()) {
                    fill();
                }
            }, PAUSE_AFTER_FAILURE.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
