package dev.postern.core.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.core.relay.Relay;
import dev.postern.core.relay.SessionListener;
import dev.postern.core.testing.LocalPairs;
import io.netty.channel.Channel;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The stop sequence over real (in-JVM) channels: goodbye hooks, drain, and sessions closed with cause SHUTDOWN. */
class ConnectionRegistryTest {

    private final EventLoopGroup group = new DefaultEventLoopGroup(1);
    private final ConnectionRegistry registry = new ConnectionRegistry();
    private final List<SessionListener.Cause> causes = new CopyOnWriteArrayList<>();

    @AfterEach
    void tearDown() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void shouldRunEveryGoodbyeHookOnceAndAlsoForLateArrivals() throws Exception {
        // given
        AtomicInteger goodbyes = new AtomicInteger();
        registry.register(pair("early")[0], goodbyes::incrementAndGet);

        // when
        registry.beginShutdown();
        registry.register(pair("late")[0], goodbyes::incrementAndGet);
        group.next().submit(() -> { }).sync();

        // then
        assertThat(goodbyes).hasValue(2);
    }

    @Test
    void shouldReturnAsSoonAsEveryConnectionClosedWithinTheGracePeriod() throws Exception {
        // given
        Channel[] connection = pair("drained");
        registry.register(connection[0], connection[0]::close);

        // when: the goodbye hook closes it
        registry.beginShutdown();
        int left = registry.awaitDrained(new CompletableFuture<>());

        // then
        assertThat(left).isZero();
    }

    @Test
    void shouldCloseARelayedSessionWithCauseShutdownWhenTheGraceIsOver() throws Exception {
        // given: a spliced session whose front does nothing at shutdown
        Channel[] client = pair("client");
        Channel[] upstream = pair("upstream");
        group.next().submit(() -> Relay.splice(client[0], upstream[1], Duration.ofMinutes(30), recording())).sync();
        registry.register(client[0], () -> { });
        registry.beginShutdown();

        // when
        int left = registry.awaitDrained(CompletableFuture.completedFuture(null));
        int closed = registry.closeRemaining(5_000);

        // then
        assertThat(left).isEqualTo(1);
        assertThat(closed).isEqualTo(1);
        assertThat(client[0].isOpen()).isFalse();
        // the relay closes the upstream side after flushing, asynchronously: wait for it, bounded
        assertThat(upstream[1].closeFuture().await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(causes).first().isEqualTo(SessionListener.Cause.SHUTDOWN);
        assertThat(registry.size()).isZero();
    }

    private SessionListener recording() {
        return new SessionListener() {
            @Override
            public void relayed(Direction direction, int bytes) {
            }

            @Override
            public void closedBy(Cause cause) {
                causes.add(cause);
            }
        };
    }

    /** A connected pair on the one event loop: [0] the accepted side, [1] the connecting side. */
    private Channel[] pair(String name) throws Exception {
        return LocalPairs.connect(group, name);
    }
}
