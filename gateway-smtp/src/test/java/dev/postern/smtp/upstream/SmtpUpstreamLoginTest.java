package dev.postern.smtp.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.postern.core.pipeline.PipelineNames;
import dev.postern.core.tls.TestCertificateAuthority;
import dev.postern.core.tls.TlsContexts;
import dev.postern.core.upstream.LineFramer;
import dev.postern.core.config.OAuth2Config;
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

/** The upstream SMTP login dialogue, driven with the upstream's raw bytes. */
class SmtpUpstreamLoginTest {

    private static final UpstreamCredential OWN = new UpstreamCredential.UserPassword("upstream-pass");
    private static final UpstreamCredential MASTER = new UpstreamCredential.MasterUser("postern", "m4ster-secret");
    private static final String USER = "alice@example.com";
    private static final String GREETING = "220 mail.example.org ESMTP ready\r\n";
    private static final String EHLO = "EHLO postern.example.org\r\n";

    private EmbeddedChannel channel;
    private Promise<UpstreamSession> promise;

    @AfterEach
    void tearDown() {
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
    }

    private void start(UpstreamEndpoint.Security security) {
        start(security, OWN, false, "192.0.2.7");
    }

    private void start(UpstreamEndpoint.Security security, UpstreamCredential credential, boolean xclient, String clientIp) {
        channel = new EmbeddedChannel();
        promise = channel.eventLoop().newPromise();
        UpstreamEndpoint endpoint = new UpstreamEndpoint("127.0.0.1", 465, security,
                security == UpstreamEndpoint.Security.NONE ? null : TlsContexts.forUpstreamInsecure(),
                "localhost", Duration.ofSeconds(5), Duration.ofSeconds(30));
        UpstreamIdentity identity = new UpstreamIdentity(USER, credential, clientIp, 51000);
        channel.pipeline().addLast(PipelineNames.UPSTREAM_FRAMER, new LineFramer());
        channel.pipeline().addLast(PipelineNames.UPSTREAM_LOGIN, new SmtpUpstreamLogin(identity, endpoint, promise,
                SmtpUpstreamLogin.Purpose.LOGIN, "postern.example.org", xclient));
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

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String plain(String authzid, String authcid, String password) {
        return base64(authzid + "\0" + authcid + "\0" + password);
    }

    private UpstreamFailure failure() {
        assertThat(promise.isDone()).isTrue();
        assertThat(promise.isSuccess()).isFalse();
        return (UpstreamFailure) promise.cause();
    }

    @Test
    void shouldWaitForTheGreetingAfterTheImplicitTlsHandshake() {
        // given: an implicit-TLS upstream (port 465) whose handshake has just completed
        start(UpstreamEndpoint.Security.IMPLICIT);
        channel.pipeline().fireUserEventTriggered(SslHandshakeCompletionEvent.SUCCESS);

        // then: no EHLO before the greeting
        assertThat(sent()).isEmpty();

        // when: greeting, EHLO reply, AUTH reply
        upstreamSays(GREETING);
        assertThat(sent()).isEqualTo(EHLO);
        upstreamSays("250-mail.example.org\r\n250-PIPELINING\r\n250 AUTH PLAIN LOGIN\r\n");
        assertThat(sent()).isEqualTo("AUTH PLAIN " + plain("", USER, "upstream-pass") + "\r\n");
        upstreamSays("235 2.7.0 Authentication successful\r\n");

        // then: logged in
        assertThat(promise.isSuccess()).isTrue();
        assertThat(channel.config().isAutoRead()).isFalse();
    }

    @Test
    void shouldLogInAsTheUserThroughTheMasterUserWithPlain() {
        // given: a master-user credential and an upstream offering PLAIN
        start(UpstreamEndpoint.Security.NONE, MASTER, false, "192.0.2.7");
        upstreamSays(GREETING);
        assertThat(sent()).isEqualTo(EHLO);

        // when
        upstreamSays("250-mail.example.org\r\n250-SIZE 35882577\r\n250 AUTH PLAIN LOGIN\r\n");

        // then: authzid = the user, authcid = the master user
        assertThat(sent()).isEqualTo("AUTH PLAIN " + base64("alice@example.com\0postern\0m4ster-secret") + "\r\n");
        upstreamSays("235 2.7.0 Authentication successful\r\n");
        assertThat(promise.isSuccess()).isTrue();
        assertThat(promise.getNow().capabilities()).isEqualTo("SIZE 35882577\nAUTH PLAIN LOGIN");
        assertNull(channel.readInbound());
    }

    @Test
    void shouldLogInWithTheStoredCredentialByPlainWithAnEmptyAuthzid() {
        start(UpstreamEndpoint.Security.NONE, OWN, false, "192.0.2.7");
        upstreamSays(GREETING);
        sent();

        upstreamSays("250-mail.example.org\r\n250 AUTH=PLAIN\r\n");

        assertThat(sent()).isEqualTo("AUTH PLAIN " + base64("\0alice@example.com\0upstream-pass") + "\r\n");
        upstreamSays("235 2.7.0 ok\r\n");
        assertThat(promise.isSuccess()).isTrue();
    }

    @Test
    void shouldLogInWithLoginWhenTheUpstreamOffersOnlyLogin() {
        // given: an upstream that offers only AUTH LOGIN
        start(UpstreamEndpoint.Security.NONE, OWN, false, "192.0.2.7");
        upstreamSays(GREETING);
        sent();
        upstreamSays("250-mail.example.org\r\n250 AUTH LOGIN\r\n");
        assertThat(sent()).isEqualTo("AUTH LOGIN\r\n");

        // when/then: user name at the first 334, password at the second
        upstreamSays("334 VXNlcm5hbWU6\r\n");
        assertThat(sent()).isEqualTo(base64(USER) + "\r\n");
        upstreamSays("334 UGFzc3dvcmQ6\r\n");
        assertThat(sent()).isEqualTo(base64("upstream-pass") + "\r\n");
        assertThat(promise.isDone()).isFalse();
        upstreamSays("235 2.7.0 Authentication successful\r\n");

        assertThat(promise.isSuccess()).isTrue();
        assertThat(sent()).isEmpty();
    }

    @Test
    void shouldDiscardWhatTheUpstreamSendsBehindItsStartTls220() {
        // given: a STARTTLS upstream past its first EHLO
        start(UpstreamEndpoint.Security.STARTTLS, MASTER, false, "192.0.2.7");
        upstreamSays(GREETING);
        assertThat(sent()).isEqualTo(EHLO);
        upstreamSays("250-mail.example.org\r\n250-STARTTLS\r\n250 AUTH PLAIN\r\n");
        assertThat(sent()).isEqualTo("STARTTLS\r\n");

        // when: the 220 comes with an injected success line behind it, in the same buffer
        upstreamSays("220 2.0.0 Ready to start TLS\r\n235 2.7.0 Authentication successful\r\n");

        // then: the injection is dropped, a handshake starts, and nothing but TLS records leave
        assertThat(promise.isDone()).as("the injected 235 must not complete the login").isFalse();
        assertThat(channel.pipeline().get(PipelineNames.TLS)).isNotNull();
        assertNull(channel.readInbound());
        ByteBuf hello = channel.readOutbound();
        assertThat(hello.getByte(0)).as("a TLS handshake record, not a plaintext command").isEqualTo((byte) 0x16);
        hello.release();
        String rest = sent();
        assertThat(rest).doesNotContain("EHLO").doesNotContain("AUTH");
    }

    @Test
    void shouldEhloAgainThroughTlsAndAuthenticateOnlyAfterTheStartTlsHandshake() {
        // given: a STARTTLS upstream; its plaintext EHLO offers only LOGIN (what a downgrading attacker could show)
        start(UpstreamEndpoint.Security.STARTTLS, OWN, false, "192.0.2.7");
        EmbeddedChannel server = new EmbeddedChannel(TlsContexts.forServer(
                TestCertificateAuthority.create("test CA").issue("localhost")).newHandler(channel.alloc()));
        try {
            upstreamSays(GREETING);
            upstreamSays("250-mail.example.org\r\n250-STARTTLS\r\n250 AUTH LOGIN\r\n");
            assertThat(sent()).isEqualTo(EHLO + "STARTTLS\r\n");

            // when: the upstream says 220 and the handshake runs with a real TLS server
            upstreamSays("220 2.0.0 Ready to start TLS\r\n");
            shuttle(server);

            // then: the first thing the server reads through TLS is the new EHLO
            assertThat(received(server)).isEqualTo(EHLO);

            // when: the EHLO reply through TLS offers PLAIN
            server.writeOutbound(Unpooled.copiedBuffer("250-mail.example.org\r\n250-SIZE 1000\r\n250 AUTH PLAIN LOGIN\r\n",
                    StandardCharsets.ISO_8859_1));
            shuttle(server);

            // then: AUTH goes out through TLS, chosen from the extensions learned after the handshake
            assertThat(received(server)).isEqualTo("AUTH PLAIN " + plain("", USER, "upstream-pass") + "\r\n");
            server.writeOutbound(Unpooled.copiedBuffer("235 2.7.0 ok\r\n", StandardCharsets.ISO_8859_1));
            shuttle(server);
            assertThat(promise.isSuccess()).isTrue();
            assertThat(promise.getNow().capabilities()).isEqualTo("SIZE 1000\nAUTH PLAIN LOGIN");
        } finally {
            server.finishAndReleaseAll();
        }
    }

    /** Moves bytes both ways between the login's channel and a TLS server until neither has more. */
    private void shuttle(EmbeddedChannel server) {
        boolean moved;
        do {
            moved = false;
            ByteBuf buf;
            while ((buf = channel.readOutbound()) != null) {
                assertThat(buf.getByte(buf.readerIndex()) & 0xff).as("a TLS record").isBetween(0x14, 0x17);
                server.writeInbound(buf);
                moved = true;
            }
            while ((buf = server.readOutbound()) != null) {
                channel.writeInbound(buf);
                moved = true;
            }
        } while (moved);
    }

    /** What the TLS server has decrypted so far. */
    private static String received(EmbeddedChannel server) {
        StringBuilder out = new StringBuilder();
        ByteBuf buf;
        while ((buf = server.readInbound()) != null) {
            out.append(buf.toString(StandardCharsets.ISO_8859_1));
            buf.release();
        }
        return out.toString();
    }

    @Test
    void shouldForwardTheClientWithXclientThenEhloAgainBeforeAuth() {
        // given: XCLIENT on and offered
        start(UpstreamEndpoint.Security.NONE, MASTER, true, "192.0.2.7");
        upstreamSays(GREETING);
        assertThat(sent()).isEqualTo(EHLO);

        // when
        upstreamSays("250-mail.example.org\r\n250-XCLIENT ADDR PORT NAME\r\n250 AUTH PLAIN\r\n");

        // then: XCLIENT, and on Postfix's new greeting EHLO again, then AUTH
        assertThat(sent()).isEqualTo("XCLIENT ADDR=192.0.2.7 PORT=51000 NAME=[UNAVAILABLE]\r\n");
        upstreamSays("220 mail.example.org ESMTP\r\n");
        assertThat(sent()).isEqualTo(EHLO);
        upstreamSays("250-mail.example.org\r\n250-SIZE 1000\r\n250 AUTH PLAIN\r\n");
        assertThat(sent()).isEqualTo("AUTH PLAIN " + plain(USER, "postern", "m4ster-secret") + "\r\n");
        upstreamSays("235 2.7.0 ok\r\n");
        assertThat(promise.isSuccess()).isTrue();
        assertThat(promise.getNow().capabilities()).isEqualTo("SIZE 1000\nAUTH PLAIN");
    }

    @Test
    void shouldSendAnIpv6ClientWithThePrefixPostfixExpectsInXclient() {
        start(UpstreamEndpoint.Security.NONE, MASTER, true, "2001:db8::7");
        upstreamSays(GREETING);
        sent();

        upstreamSays("250-mail.example.org\r\n250-XCLIENT ADDR PORT NAME\r\n250 AUTH PLAIN\r\n");

        assertThat(sent()).isEqualTo("XCLIENT ADDR=IPV6:2001:db8:0:0:0:0:0:7 PORT=51000 NAME=[UNAVAILABLE]\r\n");
    }

    @Test
    void shouldSendUnavailableForAClientAddressThatIsNotALiteral() {
        start(UpstreamEndpoint.Security.NONE, MASTER, true, "192.0.2.7\r\nRCPT TO:<x@example.net>");
        upstreamSays(GREETING);
        sent();

        upstreamSays("250-mail.example.org\r\n250-XCLIENT ADDR PORT NAME\r\n250 AUTH PLAIN\r\n");

        assertThat(sent()).isEqualTo("XCLIENT ADDR=[UNAVAILABLE] PORT=51000 NAME=[UNAVAILABLE]\r\n");
    }

    @Test
    void shouldFailNamingTheAuthorizedHostsSettingWhenXclientIsNotOffered() {
        start(UpstreamEndpoint.Security.NONE, MASTER, true, "192.0.2.7");
        upstreamSays(GREETING);
        sent();

        upstreamSays("250-mail.example.org\r\n250 AUTH PLAIN\r\n");

        assertThat(failure().kind()).isEqualTo(UpstreamFailure.Kind.PROTOCOL);
        assertThat(failure().getMessage()).contains("smtpd_authorized_xclient_hosts");
        assertThat(sent()).as("no AUTH without the client's address").isEmpty();
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void shouldRefuseAGreetingOtherThan220() {
        start(UpstreamEndpoint.Security.NONE, MASTER, false, "192.0.2.7");

        upstreamSays("554 go away\r\n");

        assertThat(failure().kind()).isEqualTo(UpstreamFailure.Kind.GREETING);
        assertThat(failure().getMessage()).contains("554 go away");
        assertThat(sent()).isEmpty();
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void shouldReportARefusedGatewayCredentialWithoutTheSecret() {
        // given: the AUTH has gone out
        start(UpstreamEndpoint.Security.NONE, MASTER, false, "192.0.2.7");
        upstreamSays(GREETING);
        upstreamSays("250-mail.example.org\r\n250 AUTH PLAIN\r\n");
        sent();

        // when
        upstreamSays("535 5.7.8 Error: authentication failed: authentication failure\r\n");

        // then
        assertThat(failure().kind()).isEqualTo(UpstreamFailure.Kind.CREDENTIAL_REFUSED);
        assertThat(failure().getMessage()).contains("535")
                .doesNotContain("m4ster-secret")
                .doesNotContain(plain(USER, "postern", "m4ster-secret"));
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void shouldAssembleAMultiLineEhloReplySplitAcrossReads() {
        start(UpstreamEndpoint.Security.NONE, OWN, false, "192.0.2.7");
        upstreamSays(GREETING);
        sent();

        // when: the EHLO reply arrives in three pieces, split inside a line
        upstreamSays("250-mail.example.org\r\n250-PIPEL");
        assertThat(sent()).isEmpty();
        upstreamSays("INING\r\n250-SIZE 1000\r");
        assertThat(sent()).isEmpty();
        upstreamSays("\n250 AUTH LOGIN\r\n");

        // then: one AUTH, chosen from the whole reply
        assertThat(sent()).isEqualTo("AUTH LOGIN\r\n");
        upstreamSays("334 VXNlcm5hbWU6\r\n");
        upstreamSays("334 UGFzc3dvcmQ6\r\n");
        upstreamSays("235 2.7.0 ok\r\n");
        assertThat(promise.getNow().capabilities()).isEqualTo("PIPELINING\nSIZE 1000\nAUTH LOGIN");
    }

    @Test
    void shouldSendPlainWithTheOwnPasswordWhenTheUpstreamListsNoMechanism() {
        start(UpstreamEndpoint.Security.NONE, OWN, false, "192.0.2.7");
        upstreamSays(GREETING);
        sent();

        upstreamSays("250-mail.example.org\r\n250 SIZE 1000\r\n");

        assertThat(sent()).isEqualTo("AUTH PLAIN " + plain("", USER, "upstream-pass") + "\r\n");
    }

    @Test
    void shouldSendPlainForTheMasterUserEvenWhenTheUpstreamOffersOnlyLogin() {
        start(UpstreamEndpoint.Security.NONE, MASTER, false, "192.0.2.7");
        upstreamSays(GREETING);
        sent();

        upstreamSays("250-mail.example.org\r\n250 AUTH LOGIN\r\n");

        assertThat(sent()).isEqualTo("AUTH PLAIN " + plain(USER, "postern", "m4ster-secret") + "\r\n");
    }

    @Test
    void shouldFailOnAChallengeAfterThePlainInitialResponse() {
        start(UpstreamEndpoint.Security.NONE, MASTER, false, "192.0.2.7");
        upstreamSays(GREETING);
        upstreamSays("250-mail.example.org\r\n250 AUTH PLAIN\r\n");
        sent();

        upstreamSays("334 \r\n");

        assertThat(failure().kind()).isEqualTo(UpstreamFailure.Kind.PROTOCOL);
        assertThat(failure().getMessage()).contains("334").doesNotContain("m4ster-secret");
        assertThat(sent()).isEmpty();
    }

    @Test
    void shouldFailOnAThirdLoginChallenge() {
        start(UpstreamEndpoint.Security.NONE, OWN, false, "192.0.2.7");
        upstreamSays(GREETING);
        upstreamSays("250-mail.example.org\r\n250 AUTH LOGIN\r\n");
        upstreamSays("334 VXNlcm5hbWU6\r\n");
        upstreamSays("334 UGFzc3dvcmQ6\r\n");
        sent();

        upstreamSays("334 UGFzc3dvcmQ6\r\n");

        assertThat(failure().kind()).isEqualTo(UpstreamFailure.Kind.PROTOCOL);
        assertThat(failure().getMessage()).contains("334").doesNotContain("upstream-pass");
        assertThat(sent()).isEmpty();
    }

    @Test
    void shouldRefuseTheLoginWhenTheUpstreamRefusesTheLoginUserName() {
        start(UpstreamEndpoint.Security.NONE, OWN, false, "192.0.2.7");
        upstreamSays(GREETING);
        upstreamSays("250-mail.example.org\r\n250 AUTH LOGIN\r\n");
        upstreamSays("334 VXNlcm5hbWU6\r\n");
        sent();

        upstreamSays("535 5.7.8 no such user\r\n");

        assertThat(failure().kind()).isEqualTo(UpstreamFailure.Kind.CREDENTIAL_REFUSED);
        assertThat(sent()).isEmpty();
    }

    @Test
    void shouldSendAShortTokenOnTheAuthLine() {
        start(UpstreamEndpoint.Security.NONE, new UpstreamCredential.Bearer("short.token", OAuth2Config.Mechanism.AUTO),
                false, "192.0.2.7");
        upstreamSays(GREETING);
        sent();

        upstreamSays("250-mail.example.org\r\n250 AUTH LOGIN PLAIN XOAUTH2\r\n");

        assertThat(sent()).isEqualTo("AUTH XOAUTH2 " + base64("user=" + USER + "\u0001auth=Bearer short.token\u0001\u0001")
                + "\r\n");
        upstreamSays("235 2.7.0 Authentication successful\r\n");
        assertThat(promise.isSuccess()).isTrue();
    }

    @Test
    void shouldSendATokenTooLongForTheAuthLineAfterTheContinuation() {
        String token = "eyJ0eXAi." + "A".repeat(2200) + ".c2ln";
        start(UpstreamEndpoint.Security.NONE, new UpstreamCredential.Bearer(token, OAuth2Config.Mechanism.OAUTHBEARER),
                false, "192.0.2.7");
        upstreamSays(GREETING);
        sent();
        upstreamSays("250-mail.example.org\r\n250 AUTH PLAIN OAUTHBEARER\r\n");

        assertThat(sent()).isEqualTo("AUTH OAUTHBEARER\r\n");
        upstreamSays("334 \r\n");

        assertThat(sent()).isEqualTo(base64("n,a=" + USER + ",\u0001host=localhost\u0001port=465\u0001auth=Bearer "
                + token + "\u0001\u0001") + "\r\n");
        upstreamSays("235 2.7.0 Authentication successful\r\n");
        assertThat(promise.isSuccess()).isTrue();
    }

    @Test
    void shouldAnswerTheTokenErrorChallengeAndLogItDecodedWithoutTheToken() {
        start(UpstreamEndpoint.Security.NONE, new UpstreamCredential.Bearer("expired.token", OAuth2Config.Mechanism.XOAUTH2),
                false, "192.0.2.7");
        upstreamSays(GREETING);
        upstreamSays("250-mail.example.org\r\n250 AUTH XOAUTH2\r\n");
        sent();

        upstreamSays("334 " + base64("{\"status\":\"401\",\"schemes\":\"Bearer\",\"scope\":\"https://mail.google.com/\"}")
                + "\r\n");
        assertThat(sent()).isEqualTo("\r\n");
        upstreamSays("535-5.7.8 Username and Password not accepted.\r\n535 5.7.8 https://support.google.com/mail\r\n");

        assertThat(failure().kind()).isEqualTo(UpstreamFailure.Kind.CREDENTIAL_REFUSED);
        assertThat(failure().getMessage()).contains("535").contains("\"status\":\"401\"").doesNotContain("expired.token");
    }
}
