package dev.postern.core.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.core.pipeline.PipelineNames;
import dev.postern.core.testing.LocalPairs;
import dev.postern.core.upstream.LineFramer;
import dev.postern.core.upstream.QuickAck;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The hand-off removes every login-phase stage of the upstream side: only the relay is left. */
class RelaySpliceTest {

    private final EventLoopGroup group = new DefaultEventLoopGroup(1);

    @AfterEach
    void tearDown() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void shouldRemoveTheQuickAckFramerAndLoginStagesFromTheUpstreamSide() throws Exception {
        // given: an upstream side as the connector builds it (TLS left out), still in its login dialogue
        Channel[] client = pair("client");
        Channel[] upstream = pair("upstream");
        Channel up = upstream[1];
        group.next().submit(() -> {
            up.pipeline().addLast(PipelineNames.UPSTREAM_QUICKACK, QuickAck.INSTANCE);
            up.pipeline().addLast(PipelineNames.UPSTREAM_FRAMER, new LineFramer());
            up.pipeline().addLast(PipelineNames.UPSTREAM_LOGIN, new ChannelInboundHandlerAdapter());
        }).sync();

        // when
        group.next().submit(() -> Relay.splice(client[0], up, Duration.ofMinutes(30), new SessionListener() {
            @Override
            public void relayed(Direction direction, int bytes) {
            }

            @Override
            public void closedBy(Cause cause) {
            }
        })).sync();

        // then
        assertThat(up.pipeline().names()).contains(PipelineNames.RELAY)
                .doesNotContain(PipelineNames.UPSTREAM_QUICKACK, PipelineNames.UPSTREAM_FRAMER, PipelineNames.UPSTREAM_LOGIN);
        client[0].close().sync();
        up.close().sync();
    }

    @Test
    void shouldPutARestrictedSessionsStagesAheadOfTheRelayAndTakeThemOutWhenUnspliced() throws Exception {
        // given: a restricted session's two stages
        Channel[] client = pair("client-restricted");
        Channel[] upstream = pair("upstream-restricted");
        RelayStages stages = new RelayStages(new ChannelInboundHandlerAdapter(), new ChannelInboundHandlerAdapter());

        // when
        group.next().submit(() -> Relay.splice(client[0], upstream[1], Duration.ofMinutes(30), SessionListener.NONE,
                stages)).sync();

        // then: each direction reads through its stage before the relay
        assertThat(client[0].pipeline().names()).containsSubsequence(PipelineNames.IDLE, PipelineNames.FILTER,
                PipelineNames.RELAY);
        assertThat(upstream[1].pipeline().names()).containsSubsequence(PipelineNames.UPSTREAM_WATCH,
                PipelineNames.RELAY);

        // and when the session is ended early, the stages leave with the relay
        group.next().submit(() -> Relay.unsplice(client[0], upstream[1])).sync();
        assertThat(client[0].pipeline().names()).doesNotContain(PipelineNames.FILTER, PipelineNames.RELAY);
        assertThat(upstream[1].pipeline().names()).doesNotContain(PipelineNames.UPSTREAM_WATCH, PipelineNames.RELAY);
        client[0].close().sync();
        upstream[1].close().sync();
    }

    /** A connected pair on the one event loop: [0] the accepted side, [1] the connecting side. */
    private Channel[] pair(String name) throws Exception {
        return LocalPairs.connect(group, name);
    }
}
