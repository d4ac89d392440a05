package dev.postern.core.ingress;

import dev.postern.core.net.Networks;
import dev.postern.core.pipeline.PipelineNames;
import io.netty.channel.ChannelPipeline;
import java.time.Duration;
import java.util.Objects;

/**
 * The stages every client pipeline of one listener starts with: the PROXY protocol header (when the
 * listener has {@code proxy-protocol: true}) and the connection gate. A protocol initializer calls
 * {@link #install} first, then adds TLS and its front.
 *
 * @param gate           the connection limits, or null for none
 * @param trustedProxies where PROXY headers are accepted from, or null when the listener expects none
 * @param headerTimeout  how long the header may take (ignored without {@code trustedProxies})
 */
public record ListenerIngress(ConnectionGate gate, Networks trustedProxies, Duration headerTimeout) {

    /** No limits, no PROXY header: the pipeline starts with TLS or the front. */
    public static final ListenerIngress NONE = new ListenerIngress(null, null, Duration.ZERO);

    public ListenerIngress {
        Objects.requireNonNull(headerTimeout, "headerTimeout");
    }

    public void install(ChannelPipeline pipeline) {
        if (trustedProxies != null) {
            pipeline.addLast(PipelineNames.PROXY_DECODER, new io.netty.handler.codec.haproxy.HAProxyMessageDecoder());
            pipeline.addLast(PipelineNames.PROXY_STAGE, new ProxyProtocolStage(trustedProxies, headerTimeout));
        }
        if (gate != null) {
            pipeline.addLast(PipelineNames.LIMITS, gate);
        }
    }
}
