package dev.postern.server.http;

import io.micrometer.core.instrument.Counter;
import io.netty.channel.Channel;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts an HTTP listener's open connections and closes any beyond its cap ({@code admin.max-connections},
 * {@code portal.max-connections}) as soon as it is accepted, before it can cost a buffer: these ports
 * are outside the mail fronts' {@code limits.max-connections}; the admin port must stay answerable
 * for the kubelet and Prometheus.
 */
final class ConnectionCap {

    private final int max;
    private final Counter refused;
    private final AtomicInteger open = new AtomicInteger();

    ConnectionCap(int max, Counter refused) {
        this.max = max;
        this.refused = refused;
    }

    /** True when the channel may stay (and it is counted until it closes); false when it was closed. */
    boolean admit(Channel channel) {
        if (open.incrementAndGet() > max) {
            open.decrementAndGet();
            refused.increment();
            channel.close();
            return false;
        }
        channel.closeFuture().addListener(closed -> open.decrementAndGet());
        return true;
    }

    int open() {
        return open.get();
    }
}
