package dev.postern.smtp.upstream;

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
 * What the SMTP upstream offers, learned by an EHLO probe (through STARTTLS when configured) at
 * start-up and refreshed every probe interval. Until a probe has succeeded, and whenever the first
 * one fails, the configured fallback list is assumed and a warning logged; a later failed refresh
 * keeps the last list learned. Read from any event loop: the current list is a volatile field.
 */
public final class UpstreamExtensions implements Supplier<SmtpExtensions>, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UpstreamExtensions.class);
    private static final byte[] QUIT = "QUIT\r\n".getBytes(StandardCharsets.US_ASCII);

    private final UpstreamConnector connector;
    private final EventLoopGroup group;
    private final String hostName;
    private final SmtpExtensions fallback;
    private volatile SmtpExtensions current;
    private volatile boolean learned;
    private volatile ScheduledFuture<?> refresh;

    public UpstreamExtensions(UpstreamConnector connector, EventLoopGroup group, String hostName, List<String> fallback) {
        this.connector = Objects.requireNonNull(connector, "connector");
        this.group = Objects.requireNonNull(group, "group");
        this.hostName = Objects.requireNonNull(hostName, "hostName");
        this.fallback = new SmtpExtensions(fallback);
        this.current = this.fallback;
    }

    @Override
    public SmtpExtensions get() {
        return current;
    }

    /** Whether the current list was learned from the upstream (rather than the fallback). */
    public boolean learned() {
        return learned;
    }

    /** Probes once now; the future completes (never exceptionally) with the list in use afterwards. */
    public Future<SmtpExtensions> probe() {
        Promise<SmtpExtensions> done = group.next().newPromise();
        connector.connect(group.next(), null, (identity, endpoint, promise) -> new SmtpUpstreamLogin(identity, endpoint,
                promise, SmtpUpstreamLogin.Purpose.PROBE, hostName, false)).addListener(result -> {
                    if (result.isSuccess()) {
                        UpstreamSession session = (UpstreamSession) result.getNow();
                        current = SmtpExtensions.deserialise(session.capabilities());
                        if (!learned) {
                            LOG.info("smtp upstream {} offers {}; advertising {}", connector.endpoint(),
                                    current.lines(), current.forClients());
                        }
                        learned = true;
                        session.channel().writeAndFlush(Unpooled.wrappedBuffer(QUIT)).addListener(ChannelFutureListener.CLOSE);
                    } else if (learned) {
                        LOG.warn("smtp upstream {}: extension probe failed ({}); keeping the extensions last learned",
                                connector.endpoint(), result.cause().getMessage());
                    } else {
                        LOG.warn("smtp upstream {}: extension probe failed ({}); advertising the fallback "
                                + "smtp.upstream.fallback-extensions {}", connector.endpoint(),
                                result.cause().getMessage(), fallback.forClients());
                    }
                    done.trySuccess(current);
                });
        return done;
    }

    /** Probes now, waits for the answer (start-up only, never on an event loop), then every {@code interval}. */
    public void start(Duration interval) {
        probe().awaitUninterruptibly();
        refresh = group.next().scheduleAtFixedRate(this::probe, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        ScheduledFuture<?> scheduled = refresh;
        if (scheduled != null) {
            scheduled.cancel(false);
        }
    }
}
