package dev.postern.core.ingress;

import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Every open client connection of the gateway, with its front's {@link ShutdownAware} hook, so that
 * a stop can say goodbye before login, let relayed sessions drain, and close what is left.
 * Thread-safe: fronts register from their event loops, the stop runs on its own thread.
 */
public final class ConnectionRegistry {

    private final Map<Channel, ShutdownAware> open = new ConcurrentHashMap<>();
    private final Object changed = new Object();
    private volatile boolean stopping;

    /**
     * Tracks {@code channel} until it closes. When the gateway is already stopping, the hook runs
     * at once (a connection accepted in the last moment still hears the goodbye).
     */
    public void register(Channel channel, ShutdownAware front) {
        open.put(channel, front);
        channel.closeFuture().addListener(closed -> {
            open.remove(channel);
            synchronized (changed) {
                changed.notifyAll();
            }
        });
        if (stopping) {
            channel.eventLoop().execute(front::shuttingDown);
        }
    }

    /** Connections open now (before login and relayed). */
    public int size() {
        return open.size();
    }

    /** Runs every front's goodbye on its event loop; later registrations get it at once. */
    public void beginShutdown() {
        stopping = true;
        for (Map.Entry<Channel, ShutdownAware> entry : open.entrySet()) {
            entry.getKey().eventLoop().execute(entry.getValue()::shuttingDown);
        }
    }

    /** True once {@link #beginShutdown()} was called. */
    public boolean isStopping() {
        return stopping;
    }

    /**
     * Waits until every connection has closed or {@code graceOver} completes, whichever is first.
     *
     * @return the number of connections still open
     */
    public int awaitDrained(CompletionStage<?> graceOver) throws InterruptedException {
        CompletableFuture<?> deadline = graceOver.toCompletableFuture();
        deadline.whenComplete((ignored, error) -> {
            synchronized (changed) {
                changed.notifyAll();
            }
        });
        synchronized (changed) {
            while (!open.isEmpty() && !deadline.isDone()) {
                changed.wait();
            }
        }
        return open.size();
    }

    /**
     * Ends every connection still open: relayed sessions report cause {@code SHUTDOWN} (see
     * {@link ShutdownAware#GRACE_PERIOD_OVER}), then the channel closes. Waits up to {@code timeoutMillis} for the closes.
     *
     * @return the number of connections that were closed here
     */
    public int closeRemaining(long timeoutMillis) throws InterruptedException {
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        for (Channel channel : open.keySet()) {
            CompletableFuture<Void> closed = new CompletableFuture<>();
            channel.closeFuture().addListener(done -> closed.complete(null));
            channel.eventLoop().execute(() -> {
                channel.pipeline().fireUserEventTriggered(ShutdownAware.GRACE_PERIOD_OVER);
                channel.close();
            });
            closing.add(closed);
        }
        try {
            CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // Closing is best effort; the event loop group's own shutdown follows.
        }
        return closing.size();
    }
}
