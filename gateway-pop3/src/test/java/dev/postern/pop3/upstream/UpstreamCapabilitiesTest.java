package dev.postern.pop3.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postern.core.ingress.Transport;
import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the gateway knows of the upstream's CAPA, learned by probes on real sockets. */
class UpstreamCapabilitiesTest {

    private static final String CAPA = "+OK Capability list follows\r\nTOP\r\nUIDL\r\nRESP-CODES\r\nPIPELINING\r\n"
            + "USER\r\nSASL PLAIN LOGIN\r\n.\r\n";

    private static EventLoopGroup group;
    private final AtomicBoolean broken = new AtomicBoolean();
    private FakePop3Upstream upstream;
    private UpstreamCapabilities capabilities;

    @BeforeAll
    static void startLoop() {
        group = Transport.nio().newGroup(1);
    }

    @AfterAll
    static void stopLoop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @AfterEach
    void stop() {
        if (capabilities != null) {
            capabilities.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    /** An upstream that answers CAPA, or, while {@link #broken}, hangs up on it. */
    private void startUpstream() throws InterruptedException {
        upstream = FakePop3Upstream.start(group, "+OK ready\r\n", (talk, line) -> {
            if (line.equals("CAPA") && broken.get()) {
                talk.close();
            } else if (line.equals("CAPA")) {
                talk.say(CAPA);
            } else if (line.equals("QUIT")) {
                talk.say("+OK Logging out\r\n");
                talk.close();
            }
        });
        capabilities = new UpstreamCapabilities(UpstreamLogins.connector(UpstreamLogins.plain(upstream.port()), false), group);
    }

    @Test
    void shouldKnowNothingBeforeTheFirstProbe() throws Exception {
        startUpstream();

        assertThat(capabilities.get()).isEmpty();
        assertThat(capabilities.learned()).isFalse();
    }

    @Test
    void shouldLearnTheCapaLinesAndSayQuit() throws Exception {
        startUpstream();

        List<String> learned = capabilities.probe().syncUninterruptibly().getNow();

        assertThat(learned).containsExactly("TOP", "UIDL", "RESP-CODES", "PIPELINING", "USER", "SASL PLAIN LOGIN");
        assertThat(capabilities.get()).isEqualTo(learned);
        assertThat(capabilities.learned()).isTrue();
        assertThat(upstream.nextLine()).isEqualTo("CAPA");
        assertThat(upstream.nextLine()).isEqualTo("QUIT");
    }

    @Test
    void shouldStayEmptyWhenTheFirstProbeFails() throws Exception {
        startUpstream();
        broken.set(true);

        assertThat(capabilities.probe().syncUninterruptibly().getNow()).isEmpty();

        assertThat(capabilities.learned()).isFalse();
    }

    @Test
    void shouldKeepTheLastListWhenARefreshFails() throws Exception {
        startUpstream();
        List<String> learned = capabilities.probe().syncUninterruptibly().getNow();
        broken.set(true);

        List<String> afterFailure = capabilities.probe().syncUninterruptibly().getNow();

        assertThat(afterFailure).isEqualTo(learned).isNotEmpty();
        assertThat(capabilities.learned()).isTrue();
    }

    @Test
    void shouldLearnAnUpstreamWithoutCapaAsTheEmptyList() throws Exception {
        upstream = FakePop3Upstream.start(group, "+OK ready\r\n", (talk, line) -> talk.say("-ERR Unknown command\r\n"));
        capabilities = new UpstreamCapabilities(UpstreamLogins.connector(UpstreamLogins.plain(upstream.port()), false), group);

        assertThat(capabilities.probe().syncUninterruptibly().getNow()).isEmpty();

        assertThat(capabilities.learned()).isTrue();
    }

    @Test
    void shouldProbeAtStartAndAgainEveryInterval() throws Exception {
        startUpstream();

        capabilities.start(Duration.ofMillis(100));

        assertThat(capabilities.learned()).as("the first probe is awaited").isTrue();
        assertThat(upstream.awaitConnections(3)).as("two refreshes after the first probe").isTrue();
    }

    @Test
    void shouldRefuseAnIntervalThatIsNotPositive() throws Exception {
        startUpstream();

        assertThatThrownBy(() -> capabilities.start(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("interval");
    }
}
