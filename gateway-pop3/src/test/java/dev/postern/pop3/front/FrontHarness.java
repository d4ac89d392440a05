package dev.postern.pop3.front;

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
import dev.postern.core.tls.SelfSignedCertificates;
import dev.postern.core.tls.TlsContexts;
import dev.postern.core.upstream.UpstreamConnector;
import dev.postern.core.upstream.UpstreamCredentials;
import dev.postern.core.upstream.UpstreamEndpoint;
import dev.postern.pop3.codec.Pop3LineDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The POP3 decoder and front in an {@link EmbeddedChannel}, with a verifier that answers what the
 * test says and records what it was asked. After STLS the test can run a real TLS handshake with an
 * embedded client ({@link #startClientTls()}); from then on its bytes go through TLS both ways. The
 * upstream is never reached from here (the success path runs in {@code Pop3FrontHandOffTest}).
 */
final class FrontHarness {

    /** How the client's bytes are cut into reads. */
    enum Feed { WHOLE, BYTE_BY_BYTE }

    static final Duration FAILURE_DELAY = Duration.ofSeconds(2);
    static final Duration PRE_AUTH_TIMEOUT = Duration.ofSeconds(60);
    /** The front never schedules on the gateway's loops; no thread starts. */
    private static final EventLoopGroup UNUSED_LOOPS = new DefaultEventLoopGroup(1);

    final List<LoginAttempt> attempts = new ArrayList<>();
    final EmbeddedChannel channel;
    final Pop3FrontHandler front;
    AuthResult answer = new AuthResult.Unavailable("store down");
    /** The client's side of TLS once started; null before. */
    private EmbeddedChannel tlsClient;

    FrontHarness(ListenerTls security, List<String> upstreamCapabilities) {
        UpstreamEndpoint nowhere = new UpstreamEndpoint("127.0.0.1", 9, UpstreamEndpoint.Security.NONE, null,
                "nowhere", Duration.ofSeconds(1), Duration.ofSeconds(1));
        UpstreamConnector connector = new UpstreamConnector(Transport.nio(), nowhere, (i, e, p) -> {
            throw new AssertionError("no upstream in front tests");
        });
        Pop3FrontSettings settings = new Pop3FrontSettings(FAILURE_DELAY, 3, 3, PRE_AUTH_TIMEOUT,
                Duration.ofMinutes(10), Pop3FrontSettings.DEFAULT_MAX_LINE, Duration.ofSeconds(10));
        CredentialVerifier verifier = attempt -> {
            attempts.add(attempt);
            return CompletableFuture.completedFuture(answer);
        };
        ProtocolContext context = new ProtocolContext(verifier, connector, UpstreamCredentials.masterUser("m", "s"),
                () -> Tls.SERVER, Duration.ofSeconds(10), FAILURE_DELAY, new AuditLog(), () -> SessionListener.NONE,
                GatewayMetrics.noop(), FailureThrottle.fixedDelay(FAILURE_DELAY), UNUSED_LOOPS);
        Pop3Service service = new Pop3Service(context, settings, () -> upstreamCapabilities);
        front = new Pop3FrontHandler(service, security, "test");
        channel = new EmbeddedChannel(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(PipelineNames.DECODER,
                        new Pop3LineDecoder(settings.maxLine(), Pop3LineDecoder.DEFAULT_MAX_SUSPENDED));
                ch.pipeline().addLast(PipelineNames.FRONT, front);
            }
        });
        channel.freezeTime(); // time moves only by advance()
    }

    /** Sends client text (ISO-8859-1) and lets queued event-loop tasks run. */
    void write(String text, Feed feed) {
        byte[] data = text.getBytes(StandardCharsets.ISO_8859_1);
        if (feed == Feed.WHOLE) {
            send(data);
        } else {
            for (byte b : data) {
                if (!channel.isActive()) {
                    break; // the front closed the connection: a real client's later bytes go nowhere
                }
                send(new byte[] {b});
            }
        }
        channel.runPendingTasks();
    }

    private void send(byte[] data) {
        if (tlsClient == null) {
            channel.writeInbound(Unpooled.wrappedBuffer(data));
        } else {
            tlsClient.writeOutbound(Unpooled.wrappedBuffer(data));
            pump();
        }
    }

    /** Runs the client's side of a TLS handshake with the front's SslHandler, added by STLS. */
    void startClientTls() {
        assertThat(channel.pipeline().get(PipelineNames.TLS)).isInstanceOf(SslHandler.class);
        tlsClient = new EmbeddedChannel(new SslHandler(Tls.CLIENT.newEngine(ByteBufAllocator.DEFAULT)));
        pump();
        assertThat(((SslHandler) channel.pipeline().get(PipelineNames.TLS)).handshakeFuture().isSuccess()).isTrue();
    }

    /** Moves TLS records between the client and the front until neither has anything more to say. */
    private void pump() {
        boolean moved;
        do {
            moved = false;
            for (Object msg; (msg = tlsClient.readOutbound()) != null; moved = true) {
                if (channel.isOpen()) {
                    channel.writeInbound(msg);
                } else {
                    ((ByteBuf) msg).release();
                }
            }
            channel.runPendingTasks();
            for (Object msg; (msg = channel.readOutbound()) != null; moved = true) {
                tlsClient.writeInbound(msg);
            }
            tlsClient.runPendingTasks();
        } while (moved);
    }

    /** Moves the event loop's clock on and runs what became due (no sleeping). */
    void advance(Duration time) {
        channel.advanceTimeBy(time.toMillis(), TimeUnit.MILLISECONDS);
        channel.runPendingTasks();
        channel.runScheduledPendingTasks();
    }

    /** Everything written to the client so far (decrypted once TLS runs), released. */
    String replies() {
        EmbeddedChannel source = channel;
        if (tlsClient != null) {
            pump();
            source = tlsClient;
        }
        StringBuilder written = new StringBuilder();
        for (Object msg; (msg = tlsClient != null ? source.readInbound() : source.readOutbound()) != null; ) {
            ByteBuf buf = (ByteBuf) msg;
            try {
                written.append(buf.toString(StandardCharsets.US_ASCII));
            } finally {
                buf.release();
            }
        }
        return written.toString();
    }

    /** Asserts nothing is left over and closes the channels. */
    void finish() {
        assertNull(channel.readInbound());
        assertThat(replies()).isEmpty();
        release();
    }

    /** Closes the channels, releasing whatever is left in them. */
    void release() {
        if (tlsClient != null) {
            tlsClient.finishAndReleaseAll();
        }
        channel.finishAndReleaseAll();
    }

    /** One self-signed server context and a client context that trusts anything, made once. */
    private static final class Tls {
        static final SslContext SERVER = TlsContexts.forServer(SelfSignedCertificates.builder().generate());
        static final SslContext CLIENT = TlsContexts.forUpstreamInsecure();
    }
}
