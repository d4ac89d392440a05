package dev.postern.pop3.upstream;

import dev.postern.core.upstream.UpstreamConnector;
import dev.postern.core.upstream.UpstreamSession;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the POP3 upstream offers: the lines of its {@code CAPA} response (without the terminating
 * {@code .}), learned by a probe (through STLS when configured) at start-up and refreshed every
 * probe interval. Until a probe has succeeded the list is empty and a warning says so; a later
 * failed refresh keeps the last list learned. An upstream without CAPA is learned as the empty
 * list. Read from any event loop: the current list is a volatile field.
 */
public final class UpstreamCapabilities implements Supplier<List<String>>, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UpstreamCapabilities.class);
    private static final byte[] QUIT = "QUIT\r\n".getBytes(StandardCharsets.US_ASCII);

    private final UpstreamConnector connector;
    private final EventLoopGroup group;
    private volatile List<String> current = List.of();
    private volatile boolean learned;
    private volatile ScheduledFuture<?> refresh;

    public UpstreamCapabilities(UpstreamConnector connector, EventLoopGroup group) {
        this.connector = Objects.requireNonNull(connector, "connector");
        this.group = Objects.requireNonNull(group, "group");
    }

    /** The upstream's CAPA lines as last learned; empty until a probe has succeeded. */
    @Override
    public List<String> get() {
        return current;
    }

    /** Whether a probe has succeeded, so that {@link #get()} is the upstream's own list. */
    public boolean learned() {
        return learned;
    }

    /** Probes once now; the future completes (never exceptionally) with the list in use afterwards. */
    public Future<List<String>> probe() {
        Promise<List<String>> done = group.next().newPromise();
        connector.connect(group.next(), null, (identity, endpoint, promise) -> new Pop3UpstreamLogin(identity, endpoint,
                promise, Pop3UpstreamLogin.Purpose.PROBE, false)).addListener(result -> {
                    if (result.isSuccess()) {
                        UpstreamSession session = (UpstreamSession) result.getNow();
                        List<String> lines = Pop3Capabilities.deserialise(session.capabilities()).lines();
                        if (!learned || !lines.equals(current)) {
                            LOG.info("pop3 upstream {} offers {}", connector.endpoint(), lines);
                        }
                        current = lines;
                        learned = true;
                        session.channel().writeAndFlush(Unpooled.wrappedBuffer(QUIT)).addListener(ChannelFutureListener.CLOSE);
                    } else if (learned) {
                        LOG.warn("pop3 upstream {}: CAPA probe failed ({}); keeping the capabilities last learned",
                                connector.endpoint(), result.cause().getMessage());
                    } else {
                        LOG.warn("pop3 upstream {}: CAPA probe failed ({}); none of its capabilities known until a "
                                + "probe succeeds", connector.endpoint(), result.cause().getMessage());
                    }
                    done.trySuccess(current);
                });
        return done;
    }

    /** Probes now, waits for the answer (start-up only, never on an event loop), then every {@code interval}. */
    public void start(Duration interval) {
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval: " + interval + " (expected: positive)");
        }
        probe().awaitUninterruptibly();
        refresh = group.next().scheduleAtFixedRate(this::probe, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Stops the refresh; a probe under way still completes. */
    @Override
    public void close() {
        ScheduledFuture<?> scheduled = refresh;
        if (scheduled != null) {
            scheduled.cancel(false);
        }
    }
}
