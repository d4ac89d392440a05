package dev.postern.smtp.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.core.ingress.PipelineNames;
import dev.postern.core.tls.TlsContexts;
import dev.postern.core.upstream.LineFramer;
import dev.postern.core.upstream.UpstreamCredential;
import dev.postern.core.upstream.UpstreamEndpoint;
import dev.postern.core.upstream.UpstreamIdentity;
import dev.postern.core.upstream.UpstreamSession;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.concurrent.Promise;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The upstream SMTP login dialogue, driven with the upstream's raw bytes. */
class SmtpUpstreamLoginTest {

    private static final UpstreamCredential OWN = new UpstreamCredential.UserPassword("upstream-pass");

    private EmbeddedChannel channel;
    private Promise<UpstreamSession> promise;

    @AfterEach
    void tearDown() {
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
    }

    private void start(UpstreamEndpoint.Security security) {
        channel = new EmbeddedChannel();
        promise = channel.eventLoop().newPromise();
        UpstreamEndpoint endpoint = new UpstreamEndpoint("127.0.0.1", 465, security, TlsContexts.forUpstreamInsecure(),
                "localhost", Duration.ofSeconds(5), Duration.ofSeconds(30));
        UpstreamIdentity identity = new UpstreamIdentity("alice@example.com", OWN, "192.0.2.7", 51000);
        channel.pipeline().addLast(PipelineNames.UPSTREAM_FRAMER, new LineFramer());
        channel.pipeline().addLast(PipelineNames.UPSTREAM_LOGIN, new SmtpUpstreamLogin(identity, endpoint, promise,
                SmtpUpstreamLogin.Purpose.LOGIN, "postern.example.org", false));
    }

    private void upstreamSays(String text) {
        channel.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1));
    }

    private String sent() {
        StringBuilder out = new StringBuilder();
        ByteBuf buf;
        while ((buf = channel.readOutbound()) != null) {
            out.append(buf.toString(StandardCharsets.ISO_8859_1));
            buf.release();
        }
        return out.toString();
    }

    @Test
    void shouldWaitForTheGreetingAfterTheImplicitTlsHandshake() {
        // given: an implicit-TLS upstream (port 465) whose handshake has just completed
        start(UpstreamEndpoint.Security.IMPLICIT);
        channel.pipeline().fireUserEventTriggered(SslHandshakeCompletionEvent.SUCCESS);

        // then: no EHLO before the greeting
        assertThat(sent()).isEmpty();

        // when: greeting, EHLO reply, AUTH reply
        upstreamSays("220 mail.example.org ESMTP ready\r\n");
        assertThat(sent()).isEqualTo("EHLO postern.example.org\r\n");
        upstreamSays("250-mail.example.org\r\n250-PIPELINING\r\n250 AUTH PLAIN LOGIN\r\n");
        assertThat(sent()).isEqualTo("AUTH PLAIN " + Base64.getEncoder().encodeToString(
                "\0alice@example.com\0upstream-pass".getBytes(StandardCharsets.UTF_8)) + "\r\n");
        upstreamSays("235 2.7.0 Authentication successful\r\n");

        // then: logged in
        assertThat(promise.isSuccess()).isTrue();
        assertThat(channel.config().isAutoRead()).isFalse();
    }
}
