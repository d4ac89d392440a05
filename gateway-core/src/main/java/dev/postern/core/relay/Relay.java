package dev.postern.core.relay;

import dev.postern.core.ingress.ConnectionContext;
import dev.postern.core.pipeline.PipelineNames;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The hand-off: once the upstream has logged in, the client's front stages and the upstream's
 * login stages leave their pipelines and two {@link RelayHandler}s splice the channels. After this
 * Postern no longer parses the stream; it counts bytes and enforces the idle limit. A restricted
 * session (see {@link SessionRestriction}) gets its {@link RelayStages} ahead of the relay stages.
 */
public final class Relay {

    private Relay() {
    }

    /**
     * Splices {@code client} and {@code upstream}. Must run on their (shared) event loop. Bytes the
     * client pipelined behind its login command, still buffered in its decoder, are re-fired by the
     * decoder's removal into the relay and so reach the upstream in order; the same holds for bytes
     * the upstream sent behind its login reply.
     */
    public static void splice(Channel client, Channel upstream, Duration idleTimeout, SessionListener listener) {
        splice(client, upstream, idleTimeout, listener, null);
    }

    /**
     * As {@link #splice(Channel, Channel, Duration, SessionListener)}, with a restricted session's
     * {@code stages} (null for none) ahead of the relay stages: the bytes buffered in the client's
     * decoder are then re-fired into {@link RelayStages#fromClient()} first.
     */
    public static void splice(Channel client, Channel upstream, Duration idleTimeout, SessionListener listener,
                              RelayStages stages) {
        if (!client.eventLoop().inEventLoop() || client.eventLoop() != upstream.eventLoop()) {
            throw new IllegalStateException("splice must run on the session's one event loop");
        }
        ConnectionContext.phase(client, ConnectionContext.PHASE_RELAY);
        client.config().setAutoRead(false);
        upstream.config().setAutoRead(false);

        ChannelPipeline up = upstream.pipeline();
        if (stages != null && stages.fromUpstream() != null) {
            up.addLast(PipelineNames.UPSTREAM_WATCH, stages.fromUpstream());
        }
        up.addLast(PipelineNames.RELAY, new RelayHandler(client, listener, SessionListener.Direction.UPSTREAM_TO_CLIENT));
        removeIfPresent(up, PipelineNames.UPSTREAM_LOGIN);
        removeIfPresent(up, PipelineNames.UPSTREAM_FRAMER);
        removeIfPresent(up, PipelineNames.UPSTREAM_QUICKACK);

        ChannelPipeline down = client.pipeline();
        removeIfPresent(down, PipelineNames.PRE_AUTH_TIMEOUT);
        down.addLast(PipelineNames.IDLE, new IdleStateHandler(0, 0, idleTimeout.toMillis(), TimeUnit.MILLISECONDS));
        if (stages != null) {
            down.addLast(PipelineNames.FILTER, stages.fromClient());
        }
        down.addLast(PipelineNames.RELAY, new RelayHandler(upstream, listener, SessionListener.Direction.CLIENT_TO_UPSTREAM));
        removeIfPresent(down, PipelineNames.FRONT);
        removeIfPresent(down, PipelineNames.DECODER);

        client.read();
        upstream.read();
    }

    /**
     * Undoes {@link #splice}: the upstream's relay stage leaves first (nothing more it reads reaches
     * the client), then the client's relay and idle stages; both channels stay open and stop reading.
     * Must run on the session's event loop. A chunk already written to the client stays queued ahead
     * of whatever the caller writes next.
     *
     * @return true if the last chunk relayed to the client ended a line (or none was relayed), so that
     *         a line written now starts a line of its own
     */
    public static boolean unsplice(Channel client, Channel upstream) {
        if (!client.eventLoop().inEventLoop()) {
            throw new IllegalStateException("unsplice must run on the session's event loop");
        }
        boolean atLineEnd = true;
        upstream.config().setAutoRead(false);
        if (upstream.pipeline().get(PipelineNames.RELAY) instanceof RelayHandler toClient) {
            atLineEnd = toClient.atLineEnd();
            upstream.pipeline().remove(toClient);
        }
        removeIfPresent(upstream.pipeline(), PipelineNames.UPSTREAM_WATCH);
        client.config().setAutoRead(false);
        removeIfPresent(client.pipeline(), PipelineNames.RELAY);
        removeIfPresent(client.pipeline(), PipelineNames.FILTER);
        removeIfPresent(client.pipeline(), PipelineNames.IDLE);
        return atLineEnd;
    }

    private static void removeIfPresent(ChannelPipeline pipeline, String name) {
        if (pipeline.get(name) != null) {
            pipeline.remove(name);
        }
    }
}
