package dev.postern.smtp.front;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.postern.core.auth.AuthResult;
import dev.postern.core.auth.CredentialVerifier;
import dev.postern.core.auth.FailureThrottle;
import dev.postern.core.auth.LoginAttempt;
import dev.postern.core.config.ListenerTls;
import dev.postern.core.ingress.Transport;
import dev.postern.core.observe.AuditLog;
import dev.postern.core.observe.GatewayMetrics;
import dev.postern.core.pipeline.PipelineNames;
import dev.postern.core.protocol.ProtocolContext;
import dev.postern.core.relay.SessionListener;
import dev.postern.core.upstream.UpstreamConnector;
import dev.postern.core.upstream.UpstreamCredentials;
import dev.postern.core.upstream.UpstreamEndpoint;
import dev.postern.smtp.codec.SmtpLineDecoder;
import dev.postern.smtp.upstream.SmtpExtensions;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The SMTP decoder and front in an {@link EmbeddedChannel}, with a verifier that answers what the
 * test says and records what it was asked. The upstream is never reached from here (the
 * success path runs in the gateway-server ITs on real sockets).
 */
final class FrontHarness {

    /** How the client's bytes are cut into reads. */
    enum Feed { WHOLE, BYTE_BY_BYTE }

    static final String HOST = "mx.postern.test";
    static final Duration FAILURE_DELAY = Duration.ofSeconds(2);
    /** The front never schedules on the gateway's loops (only the extension probe would); no thread starts. */
    private static final EventLoopGroup UNUSED_LOOPS = new DefaultEventLoopGroup(1);

    final List<LoginAttempt> attempts = new ArrayList<>();
    final EmbeddedChannel channel;
    AuthResult answer = new AuthResult.Unavailable("store down");

    FrontHarness(ListenerTls security, SmtpExtensions extensions) {
        UpstreamEndpoint nowhere = new UpstreamEndpoint("127.0.0.1", 9, UpstreamEndpoint.Security.NONE, null,
                "nowhere", Duration.ofSeconds(1), Duration.ofSeconds(1));
        UpstreamConnector connector = new UpstreamConnector(Transport.nio(), nowhere, (i, e, p) -> {
            throw new AssertionError("no upstream in front tests");
        });
        SmtpFrontSettings settings = new SmtpFrontSettings(HOST, FAILURE_DELAY, 3, 3, Duration.ofSeconds(60),
                Duration.ofMinutes(10), SmtpFrontSettings.DEFAULT_MAX_LINE, Duration.ofSeconds(10));
        CredentialVerifier verifier = attempt -> {
            attempts.add(attempt);
            return CompletableFuture.completedFuture(answer);
        };
        ProtocolContext context = new ProtocolContext(verifier, connector, UpstreamCredentials.masterUser("m", "s"),
                () -> {
                    throw new AssertionError("no TLS in embedded front tests");
                }, Duration.ofSeconds(10), FAILURE_DELAY, new AuditLog(), () -> SessionListener.NONE,
                GatewayMetrics.noop(), FailureThrottle.fixedDelay(FAILURE_DELAY), UNUSED_LOOPS);
        SmtpService service = new SmtpService(context, settings, () -> extensions);
        channel = new EmbeddedChannel(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(PipelineNames.DECODER, new SmtpLineDecoder());
                ch.pipeline().addLast(PipelineNames.FRONT, new SmtpFrontHandler(service, security, "test"));
            }
        });
        channel.freezeTime(); // time moves only by advance()
    }

    /** Sends client text (ISO-8859-1) and lets queued event-loop tasks run. */
    void write(String text, Feed feed) {
        byte[] data = text.getBytes(StandardCharsets.ISO_8859_1);
        if (feed == Feed.WHOLE) {
            channel.writeInbound(Unpooled.wrappedBuffer(data));
        } else {
            for (byte b : data) {
                if (!channel.isActive()) {
                    break; // the front closed the connection: a real client's later bytes go nowhere
                }
                channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
            }
        }
        channel.runPendingTasks();
    }

    /** Moves the event loop's clock on and runs what became due (no sleeping). */
    void advance(Duration time) {
        channel.advanceTimeBy(time.toMillis(), TimeUnit.MILLISECONDS);
        channel.runPendingTasks();
        channel.runScheduledPendingTasks();
    }

    /** Everything written to the client so far, released. */
    String replies() {
        StringBuilder written = new StringBuilder();
        for (Object msg; (msg = channel.readOutbound()) != null; ) {
            ByteBuf buf = (ByteBuf) msg;
            try {
                written.append(buf.toString(StandardCharsets.US_ASCII));
            } finally {
                buf.release();
            }
        }
        return written.toString();
    }

    /** Asserts nothing is left over and closes the channel. */
    void finish() {
        assertNull(channel.readInbound());
        assertThat(replies()).isEmpty();
        channel.finishAndReleaseAll();
    }
}
