package dev.postern.imap.front;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.postern.core.auth.AuthResult;
import dev.postern.core.auth.CredentialVerifier;
import dev.postern.core.auth.FailureThrottle;
import dev.postern.core.auth.LoginAttempt;
import dev.postern.core.auth.RejectReason;
import dev.postern.core.config.ListenerTls;
import dev.postern.core.ingress.Transport;
import dev.postern.core.observe.AuditLog;
import dev.postern.core.observe.GatewayMetrics;
import dev.postern.core.pipeline.PipelineNames;
import dev.postern.core.protocol.ProtocolContext;
import dev.postern.core.relay.SessionListener;
import dev.postern.core.store.Scope;
import dev.postern.core.upstream.UpstreamConnector;
import dev.postern.core.upstream.UpstreamCredentials;
import dev.postern.core.upstream.UpstreamEndpoint;
import dev.postern.imap.codec.ImapCommandDecoder;
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
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The IMAP front's framing of the shared SASL exchange and of the login flow's answers, in an
 * {@link EmbeddedChannel}: every answer carries the tag of the command in flight, which never
 * leaves the front. The exchange itself is tested once for both fronts (SaslExchangeTest in
 * gateway-core); the success path runs in the gateway-server ITs on real sockets.
 */
class ImapFrontHandlerTest {

    private static final Duration FAILURE_DELAY = Duration.ofSeconds(2);
    /** The front never schedules on the gateway's loops; no thread starts. */
    private static final EventLoopGroup UNUSED_LOOPS = new DefaultEventLoopGroup(1);
    private static final String GREETING =
            "* OK [CAPABILITY IMAP4rev1 SASL-IR LITERAL+ ID AUTH=PLAIN AUTH=LOGIN] Postern ready.\r\n";

    private final List<LoginAttempt> attempts = new ArrayList<>();
    private AuthResult answer = new AuthResult.Unavailable("store down");
    private EmbeddedChannel channel;

    @BeforeEach
    void connect() {
        UpstreamEndpoint nowhere = new UpstreamEndpoint("127.0.0.1", 9, UpstreamEndpoint.Security.NONE, null,
                "nowhere", Duration.ofSeconds(1), Duration.ofSeconds(1));
        UpstreamConnector connector = new UpstreamConnector(Transport.nio(), nowhere, (i, e, p) -> {
            throw new AssertionError("no upstream in front tests");
        });
        ImapFrontSettings settings = new ImapFrontSettings(FAILURE_DELAY, 5, 5, Duration.ofSeconds(60),
                Duration.ofMinutes(30), ImapFrontSettings.DEFAULT_MAX_LINE, Duration.ofSeconds(10));
        CredentialVerifier verifier = attempt -> {
            attempts.add(attempt);
            return CompletableFuture.completedFuture(answer);
        };
        ProtocolContext context = new ProtocolContext(verifier, connector, UpstreamCredentials.masterUser("m", "s"),
                () -> {
                    throw new AssertionError("no TLS in embedded front tests");
                }, Duration.ofSeconds(10), FAILURE_DELAY, new AuditLog(), () -> SessionListener.NONE,
                GatewayMetrics.noop(), FailureThrottle.fixedDelay(FAILURE_DELAY), UNUSED_LOOPS);
        ImapService service = new ImapService(context, settings);
        channel = new EmbeddedChannel(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(PipelineNames.DECODER, new ImapCommandDecoder());
                ch.pipeline().addLast(PipelineNames.FRONT,
                        new ImapFrontHandler(service, ListenerTls.NONE, "test"));
            }
        });
        channel.freezeTime(); // time moves only by advance()
        assertThat(replies()).isEqualTo(GREETING);
    }

    @AfterEach
    void finish() {
        assertNull(channel.readInbound());
        assertThat(replies()).isEmpty();
        channel.finishAndReleaseAll();
    }

    @Test
    void shouldTagEachRefusalWithItsOwnLoginAfterTheDelay() {
        answer = new AuthResult.Rejected(RejectReason.WRONG_PASSWORD);

        write("a1 LOGIN alice@example.org wrong\r\n");
        assertThat(replies()).isEmpty();
        advance(FAILURE_DELAY);
        write("b2 AUTHENTICATE PLAIN " + b64("\0alice@example.org\0wrong2") + "\r\n");
        advance(FAILURE_DELAY);

        assertThat(replies()).isEqualTo("a1 NO [AUTHENTICATIONFAILED] Authentication failed.\r\n"
                + "b2 NO [AUTHENTICATIONFAILED] Authentication failed.\r\n");
        assertThat(attempts).extracting(attempt -> attempt.user().value(), LoginAttempt::password, LoginAttempt::scope)
                .containsExactly(Tuple.tuple("alice@example.org", "wrong", Scope.IMAP),
                        Tuple.tuple("alice@example.org", "wrong2", Scope.IMAP));
    }

    @Test
    void shouldTagAnswersToContinuationsWithTheAuthenticateCommand() {
        write("c3 AUTHENTICATE PLAIN\r\n*\r\n");
        write("c4 AUTHENTICATE LOGIN\r\n" + b64("bob") + "\r\n!!notbase64\r\n");
        write("c5 AUTHENTICATE CRAM-MD5\r\n");
        write("c6 AUTHENTICATE login\r\n" + b64("bob") + "\r\n" + b64("pw") + "\r\n");

        assertThat(replies()).isEqualTo("+ \r\nc3 BAD AUTHENTICATE cancelled.\r\n"
                + "+ VXNlcm5hbWU6\r\n+ UGFzc3dvcmQ6\r\nc4 BAD Invalid SASL response.\r\n"
                + "c5 NO [CANNOT] Unsupported authentication mechanism.\r\n"
                + "+ VXNlcm5hbWU6\r\n+ UGFzc3dvcmQ6\r\nc6 NO [UNAVAILABLE] Temporary authentication failure, try again later.\r\n");
        assertThat(attempts).extracting(attempt -> attempt.user().value()).containsExactly("bob");
    }

    @Test
    void shouldTagARefusedAuthorizationIdentity() {
        write("d7 AUTHENTICATE PLAIN " + b64("boss@example.org\0alice@example.org\0pw") + "\r\n");
        advance(FAILURE_DELAY);

        assertThat(replies()).isEqualTo("d7 NO [AUTHORIZATIONFAILED] Logging in as another user is not allowed.\r\n");
        assertThat(attempts).isEmpty();
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private void write(String text) {
        channel.writeInbound(Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.ISO_8859_1)));
        channel.runPendingTasks();
    }

    private void advance(Duration time) {
        channel.advanceTimeBy(time.toMillis(), TimeUnit.MILLISECONDS);
        channel.runPendingTasks();
        channel.runScheduledPendingTasks();
    }

    private String replies() {
        StringBuilder written = new StringBuilder();
        for (Object msg; (msg = channel.readOutbound()) != null; ) {
            ByteBuf buf = (ByteBuf) msg;
            try {
                written.append(buf.toString(StandardCharsets.UTF_8));
            } finally {
                buf.release();
            }
        }
        return written.toString();
    }
}
