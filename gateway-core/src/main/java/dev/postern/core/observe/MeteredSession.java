package dev.postern.core.observe;

import dev.postern.core.relay.SessionListener;
import io.micrometer.core.instrument.Counter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The {@link SessionListener} of one relayed session, backed by Micrometer: counts bytes per
 * direction, counts the session's closing cause once (the first report wins) and keeps the
 * active-sessions gauge. Confined to the session's event loop, like every listener.
 */
final class MeteredSession implements SessionListener {

    private final AtomicInteger active;
    private final Counter clientToUpstream;
    private final Counter upstreamToClient;
    private final Function<Cause, Counter> closed;
    private boolean ended;

    MeteredSession(AtomicInteger active, Counter clientToUpstream, Counter upstreamToClient,
                   Function<Cause, Counter> closed) {
        this.active = active;
        this.clientToUpstream = clientToUpstream;
        this.upstreamToClient = upstreamToClient;
        this.closed = closed;
        active.incrementAndGet();
    }

    @Override
    public void relayed(Direction direction, int bytes) {
        (direction == Direction.CLIENT_TO_UPSTREAM ? clientToUpstream : upstreamToClient).increment(bytes);
    }

    @Override
    public void closedBy(Cause cause) {
        if (ended) {
            return;
        }
        ended = true;
        active.decrementAndGet();
        closed.apply(cause).increment();
    }

    static String label(Cause cause) {
        return cause.name().toLowerCase(Locale.ROOT);
    }

    static String label(Direction direction) {
        return direction == Direction.CLIENT_TO_UPSTREAM ? "client_to_upstream" : "upstream_to_client";
    }
}
