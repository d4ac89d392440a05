package dev.postern.core.upstream;

import dev.postern.core.ingress.Transport;
import dev.postern.core.pipeline.PipelineNames;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
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
 * its own login command; the connection taken is replaced at once. When none is ready but some are
 * being opened, the login waits for the first of those rather than opening one more: it then waits
 * no longer than its own connect would, and the upstream sees no extra connection. A connection
 * serves at most one login: it leaves the pool when taken and never comes back.
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
     * A connection of {@code loop} with its greeting held, out of the pool for good: done when one is
     * ready, else the next one to become ready (failed if it fails first: the caller then connects
     * itself; cancel it to stop waiting), or null when none is being opened either. The pool is
     * refilled right after the current task (so a login that found none connects first). Must run on
     * {@code loop}.
     */
    public Future<Channel> take(EventLoop loop) {
        if (!loop.inEventLoop()) {
            throw new IllegalStateException("take must run on the loop whose connection it takes");
        }
        return loops.computeIfAbsent(loop, LoopPool::new).take();
    }

    /**
     * Stops keeping connections ready and closes those that are (a gateway that stops), so the
     * upstream sees them end in order; logins still waiting are told to connect themselves. Waits
     * until every loop has done so, at most {@code timeout}.
     */
    public void close(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (LoopPool pool : loops.values()) {
            if (pool.loop.isShuttingDown()) {
                continue;
            }
            try {
                pool.loop.submit(pool::close).await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Connections ready on {@code loop} now (for tests and metrics). */
    int ready(EventLoop loop) {
        LoopPool pool = loops.get(loop);
        return pool == null ? 0 : pool.ready.size();
    }

    private final class LoopPool implements ParkedUpstream.Pool {
        private final EventLoop loop;
        private final ArrayDeque<Channel> ready = new ArrayDeque<>();
        /** Logins waiting for a connection being opened, first come first served. */
        private final ArrayDeque<Promise<Channel>> waiting = new ArrayDeque<>();
        private int opening;
        private boolean paused;
        private boolean closed;
        private long lastTake;

        LoopPool(EventLoop loop) {
            this.loop = loop;
        }

        Future<Channel> take() {
            lastTake = System.nanoTime();
            loop.execute(this::fill);
            Channel taken;
            do {
                taken = ready.pollFirst();
            } while (taken != null && !taken.isActive());
            if (taken != null) {
                return loop.newSucceededFuture(taken);
            }
            waiting.removeIf(Future::isDone); // cancelled: their logins left
            if (opening <= waiting.size()) {
                return null;
            }
            Promise<Channel> next = loop.newPromise();
            waiting.addLast(next);
            return next;
        }

        private void close() {
            closed = true;
            for (Channel upstream : ready.toArray(new Channel[0])) {
                upstream.close();
            }
            ready.clear();
            Promise<Channel> first;
            while ((first = waiting.pollFirst()) != null) {
                first.tryFailure(new UpstreamFailure(UpstreamFailure.Kind.CLOSED, "the gateway is stopping"));
            }
        }

        private void fill() {
            waiting.removeIf(Future::isDone);
            while (!paused && !closed && ready.size() + opening - waiting.size() < perLoop) {
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
                endpoint.bootstrap(loop, transport)
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
            if (closed) {
                upstream.close();
                return;
            }
            Promise<Channel> first;
            while ((first = waiting.pollFirst()) != null) {
                if (first.trySuccess(upstream)) {
                    return;
                }
            }
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
            Promise<Channel> first;
            while ((first = waiting.pollFirst()) != null) {
                if (first.tryFailure(new UpstreamFailure(UpstreamFailure.Kind.UNREACHABLE,
                        "a connection opened ahead failed", cause))) {
                    break;
                }
            }
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
