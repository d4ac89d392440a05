package dev.postern.imap.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.postern.core.pipeline.PipelineNames;
import dev.postern.core.tls.TlsContexts;
import dev.postern.core.upstream.LineFramer;
import dev.postern.core.upstream.UpstreamCredential;
import dev.postern.core.upstream.UpstreamEndpoint;
import dev.postern.core.upstream.UpstreamFailure;
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

/** The upstream IMAP login dialogue, driven with the upstream's raw bytes. */
class ImapUpstreamLoginTest {

    private static final UpstreamCredential MASTER = new UpstreamCredential.MasterUser("postern", "m4ster-secret");
    private static final UpstreamCredential OWN = new UpstreamCredential.UserPassword("us\u00e9r-pass");

    private EmbeddedChannel channel;
    private Promise<UpstreamSession> promise;

    @AfterEach
    void tearDown() {
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
    }

    private void start(UpstreamEndpoint.Security security, UpstreamCredential credential, boolean forwardIp) {
        channel = new EmbeddedChannel();
        promise = channel.eventLoop().newPromise();
        UpstreamEndpoint endpoint = new UpstreamEndpoint("127.0.0.1", 993, security,
                security == UpstreamEndpoint.Security.NONE ? null : TlsContexts.forUpstreamInsecure(), "localhost",
                Duration.ofSeconds(5), Duration.ofSeconds(30));
        UpstreamIdentity identity = new UpstreamIdentity("alice@example.com", credential, "192.0.2.7", 51000);
        channel.pipeline().addLast(PipelineNames.UPSTREAM_FRAMER, new LineFramer());
        channel.pipeline().addLast(PipelineNames.UPSTREAM_LOGIN, new ImapUpstreamLogin(identity, endpoint, promise, forwardIp));
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

    private static String plain(String authzid, String authcid, String password) {
        return Base64.getEncoder().encodeToString((authzid + "\0" + authcid + "\0" + password).getBytes(StandardCharsets.UTF_8));
    }

    private UpstreamFailure failure() {
        assertThat(promise.isDone()).isTrue();
        assertThat(promise.isSuccess()).isFalse();
        return (UpstreamFailure) promise.cause();
    }

    @Test
    void shouldLogInAsTheUserThroughTheMasterUserWithSaslIr() {
        start(UpstreamEndpoint.Security.NONE, MASTER, false);

        upstreamSays("* OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN] Dovecot ready.\r\n");
        assertThat(sent()).isEqualTo("pst4 AUTHENTICATE PLAIN " + plain("alice@example.com", "postern", "m4ster-secret") + "\r\n");

        upstreamSays("pst4 OK [CAPABILITY IMAP4rev1 IDLE MOVE AUTH=PLAIN SASL-IR STARTTLS] Logged in\r\n");
        assertThat(promise.isSuccess()).isTrue();
        assertThat(promise.getNow().capabilities()).isEqualTo("IMAP4rev1 IDLE MOVE");
        assertThat(channel.config().isAutoRead()).isFalse();
    }

    @Test
    void shouldSendThePlainResponseByContinuationWithoutSaslIr() {
        start(UpstreamEndpoint.Security.NONE, MASTER, false);

        upstreamSays("* OK ready\r\n");
        assertThat(sent()).isEqualTo("pst2 CAPABILITY\r\n");
        upstreamSays("* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\npst2 OK done\r\n");
        assertThat(sent()).isEqualTo("pst4 AUTHENTICATE PLAIN\r\n");
        upstreamSays("+ \r\n");
        assertThat(sent()).isEqualTo(plain("alice@example.com", "postern", "m4ster-secret") + "\r\n");
        upstreamSays("pst4 OK done\r\n");
        assertThat(sent()).isEqualTo("pst5 CAPABILITY\r\n");
        upstreamSays("* CAPABILITY IMAP4rev1 IDLE\r\npst5 OK done\r\n");

        assertThat(promise.getNow().capabilities()).isEqualTo("IMAP4rev1 IDLE");
    }

    @Test
    void shouldLogInWithSynchronizingLiteralsWhenTheUpstreamHasNoPlainNorLiteralPlus() {
        start(UpstreamEndpoint.Security.NONE, OWN, false);
        upstreamSays("* OK [CAPABILITY IMAP4rev1] GreenMail ready\r\n");

        assertThat(sent()).isEqualTo("pst4 LOGIN {17}\r\n");
        upstreamSays("+ go on\r\n");
        byte[] password = "us\u00e9r-pass".getBytes(StandardCharsets.UTF_8);
        assertThat(sent()).isEqualTo("alice@example.com {" + password.length + "}\r\n");
        upstreamSays("+ go on\r\n");
        assertThat(sent()).isEqualTo(new String(password, StandardCharsets.ISO_8859_1) + "\r\n");
        upstreamSays("pst4 OK [CAPABILITY IMAP4rev1 IDLE] LOGIN completed\r\n");

        assertThat(promise.isSuccess()).isTrue();
    }

    @Test
    void shouldUseNonSynchronizingLiteralsWithLiteralPlus() {
        start(UpstreamEndpoint.Security.NONE, OWN, false);
        upstreamSays("* OK [CAPABILITY IMAP4rev1 LITERAL+] ready\r\n");

        int passwordOctets = "us\u00e9r-pass".getBytes(StandardCharsets.UTF_8).length;
        assertThat(sent()).isEqualTo("pst4 LOGIN {17+}\r\nalice@example.com {" + passwordOctets + "+}\r\n"
                + new String("us\u00e9r-pass".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1) + "\r\n");
    }

    @Test
    void shouldForwardTheClientAddressWithIdBeforeLoggingIn() {
        start(UpstreamEndpoint.Security.NONE, MASTER, true);
        upstreamSays("* OK [CAPABILITY IMAP4rev1 SASL-IR ID AUTH=PLAIN] ready\r\n");

        assertThat(sent()).isEqualTo("pst3 ID (\"x-originating-ip\" \"192.0.2.7\" \"x-originating-port\" \"51000\")\r\n");
        upstreamSays("* ID NIL\r\npst3 OK ID completed\r\n");
        assertThat(sent()).startsWith("pst4 AUTHENTICATE PLAIN ");
    }

    @Test
    void shouldRefuseAPreauthGreeting() {
        start(UpstreamEndpoint.Security.NONE, MASTER, false);

        upstreamSays("* PREAUTH [CAPABILITY IMAP4rev1] already logged in as someone\r\n");

        assertThat(failure().kind()).isEqualTo(UpstreamFailure.Kind.GREETING);
        assertThat(sent()).isEmpty();
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void shouldRefuseAByeGreeting() {
        start(UpstreamEndpoint.Security.NONE, MASTER, false);

        upstreamSays("* BYE too many connections\r\n");

        assertThat(failure().kind()).isEqualTo(UpstreamFailure.Kind.GREETING);
        assertThat(failure().getMessage()).contains("too many connections");
    }

    @Test
    void shouldReportARefusedGatewayCredentialWithoutTheSecret() {
        start(UpstreamEndpoint.Security.NONE, MASTER, false);
        upstreamSays("* OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN] ready\r\n");
        sent();

        upstreamSays("pst4 NO [AUTHENTICATIONFAILED] Authentication failed.\r\n");

        assertThat(failure().kind()).isEqualTo(UpstreamFailure.Kind.CREDENTIAL_REFUSED);
        assertThat(failure().getMessage()).doesNotContain("m4ster-secret")
                .doesNotContain(plain("alice@example.com", "postern", "m4ster-secret"));
    }

    @Test
    void shouldDiscardWhatTheUpstreamSendsBehindItsStartTlsOk() {
        start(UpstreamEndpoint.Security.STARTTLS, MASTER, false);
        upstreamSays("* OK [CAPABILITY IMAP4rev1 STARTTLS] ready\r\n");
        assertThat(sent()).isEqualTo("pst1 STARTTLS\r\n");

        upstreamSays("pst1 OK Begin TLS\r\npst4 OK [CAPABILITY IMAP4rev1] Logged in\r\n");

        assertThat(promise.isDone()).as("the injected tagged OK must not complete the login").isFalse();
        assertThat(channel.pipeline().get(PipelineNames.TLS)).isNotNull();
        ByteBuf hello = channel.readOutbound();
        assertThat(hello.getByte(0)).as("a TLS handshake record, not a plaintext command").isEqualTo((byte) 0x16);
        hello.release();
        assertNull(channel.readInbound());
    }

    @Test
    void shouldWaitForTheGreetingAfterTheImplicitTlsHandshake() {
        // given: an implicit-TLS upstream whose handshake has just completed
        start(UpstreamEndpoint.Security.IMPLICIT, MASTER, false);
        channel.pipeline().fireUserEventTriggered(SslHandshakeCompletionEvent.SUCCESS);

        // then: nothing is sent before the greeting
        assertThat(sent()).isEmpty();

        // when: the greeting comes, the dialogue starts from it
        upstreamSays("* OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN] ready\r\n");
        assertThat(sent()).isEqualTo("pst4 AUTHENTICATE PLAIN " + plain("alice@example.com", "postern", "m4ster-secret") + "\r\n");
        upstreamSays("pst4 OK [CAPABILITY IMAP4rev1 IDLE] Logged in\r\n");
        assertThat(promise.isSuccess()).isTrue();
    }

    @Test
    void shouldLogInWithTheOwnPasswordByPlainWithAnEmptyAuthzidWhenOffered() {
        start(UpstreamEndpoint.Security.NONE, OWN, false);

        upstreamSays("* OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN AUTH=LOGIN] ready\r\n");

        assertThat(sent()).isEqualTo("pst4 AUTHENTICATE PLAIN " + plain("", "alice@example.com", "us\u00e9r-pass") + "\r\n");
    }

    @Test
    void shouldUseTheLoginCommandNotAuthenticateLoginWhenOnlyAuthLoginIsOffered() {
        start(UpstreamEndpoint.Security.NONE, OWN, false);

        upstreamSays("* OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=LOGIN] ready\r\n");

        assertThat(sent()).isEqualTo("pst4 LOGIN {17}\r\n");
    }

    @Test
    void shouldSendPlainForTheMasterUserEvenWithoutAuthPlain() {
        start(UpstreamEndpoint.Security.NONE, MASTER, false);

        upstreamSays("* OK [CAPABILITY IMAP4rev1 LOGINDISABLED] ready\r\n");
        assertThat(sent()).isEqualTo("pst4 AUTHENTICATE PLAIN\r\n");
        upstreamSays("+ \r\n");

        assertThat(sent()).isEqualTo(plain("alice@example.com", "postern", "m4ster-secret") + "\r\n");
    }

    @Test
    void shouldFailWithoutSendingTheOwnPasswordWhenNeitherPlainNorLoginIsAllowed() {
        start(UpstreamEndpoint.Security.NONE, OWN, false);

        upstreamSays("* OK [CAPABILITY IMAP4rev1 LOGINDISABLED AUTH=LOGIN] ready\r\n");

        assertThat(failure().kind()).isEqualTo(UpstreamFailure.Kind.PROTOCOL);
        assertThat(failure().getMessage()).contains("LOGINDISABLED");
        assertThat(sent()).isEmpty();
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void shouldFailOnASecondContinuationAfterThePlainResponse() {
        start(UpstreamEndpoint.Security.NONE, MASTER, false);
        upstreamSays("* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready\r\n");
        upstreamSays("+ \r\n");
        sent();

        upstreamSays("+ \r\n");

        assertThat(failure().kind()).isEqualTo(UpstreamFailure.Kind.PROTOCOL);
        assertThat(failure().getMessage()).contains("unexpected continuation").doesNotContain("m4ster-secret");
        assertThat(sent()).isEmpty();
    }

    @Test
    void shouldFailOnAContinuationAfterASaslIrResponse() {
        start(UpstreamEndpoint.Security.NONE, MASTER, false);
        upstreamSays("* OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN] ready\r\n");
        sent();

        upstreamSays("+ \r\n");

        assertThat(failure().kind()).isEqualTo(UpstreamFailure.Kind.PROTOCOL);
        assertThat(sent()).isEmpty();
    }

    @Test
    void shouldFailOnAThirdContinuationOfTheLoginCommand() {
        start(UpstreamEndpoint.Security.NONE, OWN, false);
        upstreamSays("* OK [CAPABILITY IMAP4rev1] ready\r\n");
        upstreamSays("+ go on\r\n");
        upstreamSays("+ go on\r\n");
        sent();

        upstreamSays("+ go on\r\n");

        assertThat(failure().kind()).isEqualTo(UpstreamFailure.Kind.PROTOCOL);
        assertThat(sent()).isEmpty();
    }
}
