package dev.postern.pop3.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.postern.core.config.OAuth2Config;
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

/** The upstream POP3 login dialogue, driven with the upstream's raw bytes. */
class Pop3UpstreamLoginTest {

    private static final UpstreamCredential OWN = new UpstreamCredential.UserPassword("upstream-pass");
    private static final UpstreamCredential MASTER = new UpstreamCredential.MasterUser("postern", "m4ster-secret");
    private static final String USER = "alice@example.com";
    private static final String GREETING = "+OK Dovecot ready.\r\n";
    private static final String CAPA_PLAIN = "+OK\r\nCAPA\r\nTOP\r\nUIDL\r\nRESP-CODES\r\nPIPELINING\r\nAUTH-RESP-CODE\r\n"
            + "USER\r\nSASL PLAIN LOGIN\r\n.\r\n";

    private EmbeddedChannel channel;
    private Promise<UpstreamSession> promise;

    @AfterEach
    void tearDown() {
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
    }

    private void start(UpstreamCredential credential) {
        start(UpstreamEndpoint.Security.NONE, credential, Pop3UpstreamLogin.Purpose.LOGIN, false);
    }

    private void start(UpstreamEndpoint.Security security, UpstreamCredential credential, Pop3UpstreamLogin.Purpose purpose,
                       boolean forwardClientIp) {
        start(security, purpose == Pop3UpstreamLogin.Purpose.PROBE ? null
                : new UpstreamIdentity(USER, credential, "192.0.2.7", 51000), purpose, forwardClientIp);
    }

    private void start(UpstreamEndpoint.Security security, UpstreamIdentity identity, Pop3UpstreamLogin.Purpose purpose,
                       boolean forwardClientIp) {
        channel = new EmbeddedChannel();
        promise = channel.eventLoop().newPromise();
        UpstreamEndpoint endpoint = new UpstreamEndpoint("127.0.0.1", 110, security,
                security == UpstreamEndpoint.Security.NONE ? null : TlsContexts.forUpstreamInsecure(),
                "localhost", Duration.ofSeconds(5), Duration.ofSeconds(30));
        channel.pipeline().addLast(PipelineNames.UPSTREAM_FRAMER, new LineFramer());
        channel.pipeline().addLast(PipelineNames.UPSTREAM_LOGIN, new Pop3UpstreamLogin(identity, endpoint, promise,
                purpose, forwardClientIp));
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

    private UpstreamFailure failure() {
        assertThat(promise.isDone()).isTrue();
        assertThat(promise.isSuccess()).isFalse();
        return (UpstreamFailure) promise.cause();
    }

    @Test
    void shouldLogInAsTheUserThroughTheMasterUserWithPlainAndAnAuthzid() {
        // given
        start(MASTER);
        upstreamSays(GREETING);
        assertThat(sent()).isEqualTo("CAPA\r\n");

        // when
        upstreamSays(CAPA_PLAIN);

        // then: authzid = the user, authcid = the master user, on the AUTH line
        assertThat(sent()).isEqualTo("AUTH PLAIN " + base64(USER + "\0postern\0m4ster-secret") + "\r\n");
        assertThat(promise.isDone()).isFalse();
        upstreamSays("+OK Logged in.\r\n");
        assertThat(promise.isSuccess()).isTrue();
        assertThat(promise.getNow().capabilities()).isEqualTo("CAPA\nTOP\nUIDL\nRESP-CODES\nPIPELINING\nAUTH-RESP-CODE\n"
                + "USER\nSASL PLAIN LOGIN");
        assertThat(channel.config().isAutoRead()).isFalse();
        assertNull(channel.readInbound());
    }

    @Test
    void shouldWaitForTheGreetingAfterTheImplicitTlsHandshake() {
        start(UpstreamEndpoint.Security.IMPLICIT, MASTER, Pop3UpstreamLogin.Purpose.LOGIN, false);
        channel.pipeline().fireUserEventTriggered(SslHandshakeCompletionEvent.SUCCESS);

        assertThat(sent()).isEmpty();
        upstreamSays(GREETING);
        assertThat(sent()).isEqualTo("CAPA\r\n");
    }

    @Test
    void shouldLogInWithTheStoredCredentialByPlainWithAnEmptyAuthzidWhenOffered() {
        start(OWN);
        upstreamSays(GREETING);
        sent();

        upstreamSays(CAPA_PLAIN);

        assertThat(sent()).isEqualTo("AUTH PLAIN " + base64("\0" + USER + "\0upstream-pass") + "\r\n");
        upstreamSays("+OK Logged in.\r\n");
        assertThat(promise.isSuccess()).isTrue();
    }

    @Test
    void shouldLogInWithUserAndPassWhenTheUpstreamListsNoSaslPlain() {
        // given: CAPA without a SASL line
        start(OWN);
        upstreamSays(GREETING);
        sent();
        upstreamSays("+OK Capability list follows\r\nUSER\r\nUIDL\r\n.\r\n");

        // when/then: USER, and PASS only once USER is accepted
        assertThat(sent()).isEqualTo("USER " + USER + "\r\n");
        upstreamSays("+OK\r\n");
        assertThat(sent()).isEqualTo("PASS upstream-pass\r\n");
        assertThat(promise.isDone()).isFalse();
        upstreamSays("+OK maildrop has 2 messages (320 octets)\r\n");

        assertThat(promise.isSuccess()).isTrue();
        assertThat(promise.getNow().capabilities()).isEqualTo("USER\nUIDL");
    }

    @Test
    void shouldAssumeUserAndPassOfAServerWithoutCapa() {
        start(OWN);
        upstreamSays(GREETING);
        assertThat(sent()).isEqualTo("CAPA\r\n");

        upstreamSays("-ERR unknown command\r\n");

        assertThat(sent()).isEqualTo("USER " + USER + "\r\n");
        upstreamSays("+OK\r\n");
        assertThat(sent()).isEqualTo("PASS upstream-pass\r\n");
        upstreamSays("+OK\r\n");
        assertThat(promise.isSuccess()).isTrue();
        assertThat(promise.getNow().capabilities()).isEmpty();
    }

    @Test
    void shouldSendPlainForTheMasterUserEvenToAServerWithoutCapa() {
        start(MASTER);
        upstreamSays(GREETING);
        sent();

        upstreamSays("-ERR unknown command\r\n");

        assertThat(sent()).isEqualTo("AUTH PLAIN " + base64(USER + "\0postern\0m4ster-secret") + "\r\n");
    }

    @Test
    void shouldSendUtf8UserNamesAsTheirOctets() {
        start(UpstreamEndpoint.Security.NONE, new UpstreamIdentity("jürgen@example.com", OWN, "192.0.2.7", 1),
                Pop3UpstreamLogin.Purpose.LOGIN, false);
        upstreamSays(GREETING);
        sent();

        upstreamSays("-ERR no CAPA\r\n");

        byte[] octets = "USER jürgen@example.com\r\n".getBytes(StandardCharsets.UTF_8);
        assertThat(sent()).isEqualTo(new String(octets, StandardCharsets.ISO_8859_1));
    }

    @Test
    void shouldRefuseToSendAPasswordWithALineBreakByPass() {
        start(UpstreamEndpoint.Security.NONE, new UpstreamIdentity(USER, new UpstreamCredential.UserPassword("pw\r\nDELE 1"),
                "192.0.2.7", 1), Pop3UpstreamLogin.Purpose.LOGIN, false);
        upstreamSays(GREETING);
        sent();

        upstreamSays("-ERR no CAPA\r\n");

        assertThat(failure().kind()).isEqualTo(UpstreamFailure.Kind.PROTOCOL);
        assertThat(failure().getMessage()).contains("CR, LF or NUL").doesNotContain("DELE");
        assertThat(sent()).isEmpty();
    }

    @Test
    void shouldRefuseAnErrGreeting() {
        start(MASTER);

        upstreamSays("-ERR [SYS/TEMP] too many connections\r\n");

        assertThat(failure().kind()).isEqualTo(UpstreamFailure.Kind.GREETING);
        assertThat(failure().getMessage()).contains("-ERR [SYS/TEMP] too many connections");
        assertThat(sent()).isEmpty();
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void shouldDiscardWhatTheUpstreamSendsBehindItsStlsOk() {
        // given: a STARTTLS upstream: STLS straight after the greeting
        start(UpstreamEndpoint.Security.STARTTLS, MASTER, Pop3UpstreamLogin.Purpose.LOGIN, false);
        upstreamSays(GREETING);
        assertThat(sent()).isEqualTo("STLS\r\n");

        // when: the +OK comes with an injected CAPA answer and login success behind it, in one buffer
        upstreamSays("+OK Begin TLS negotiation now.\r\n+OK\r\nSASL PLAIN\r\n.\r\n+OK Logged in.\r\n");

        // then: the injection is dropped, a handshake starts, and nothing but TLS records leave
        assertThat(promise.isDone()).as("the injected +OK must not complete the login").isFalse();
        assertThat(channel.pipeline().get(PipelineNames.TLS)).isNotNull();
        ByteBuf hello = channel.readOutbound();
        assertThat(hello.getByte(0)).as("a TLS handshake record, not a plaintext command").isEqualTo((byte) 0x16);
        hello.release();
        assertThat(sent()).doesNotContain("CAPA").doesNotContain("AUTH");
    }

    @Test
    void shouldFailWithATlsKindWhenTheUpstreamRefusesStls() {
        start(UpstreamEndpoint.Security.STARTTLS, MASTER, Pop3UpstreamLogin.Purpose.LOGIN, false);
        upstreamSays(GREETING);
        sent();

        upstreamSays("-ERR TLS support isn't enabled.\r\n");

        assertThat(failure().kind()).isEqualTo(UpstreamFailure.Kind.TLS);
        assertThat(failure().getMessage()).contains("STLS").contains("TLS support isn't enabled.");
    }

    @Test
    void shouldAssembleACapaResponseSplitAcrossReadsAndUndoDotStuffing() {
        start(MASTER);
        upstreamSays(GREETING);
        sent();

        upstreamSays("+OK\r\nUI");
        upstreamSays("DL\r\n..X-ODD\r");
        assertThat(sent()).isEmpty();
        upstreamSays("\nSASL PLAIN\r\n.");
        assertThat(sent()).isEmpty();
        upstreamSays("\r\n");

        assertThat(sent()).startsWith("AUTH PLAIN ");
        upstreamSays("+OK\r\n");
        assertThat(promise.getNow().capabilities()).isEqualTo("UIDL\n.X-ODD\nSASL PLAIN");
    }

    @Test
    void shouldReportARefusedGatewayCredentialWithoutTheSecret() {
        start(MASTER);
        upstreamSays(GREETING);
        upstreamSays(CAPA_PLAIN);
        sent();

        upstreamSays("-ERR [AUTH] Authentication failed.\r\n");

        assertThat(failure().kind()).isEqualTo(UpstreamFailure.Kind.CREDENTIAL_REFUSED);
        assertThat(failure().getMessage()).contains("master user postern").contains("-ERR [AUTH] Authentication failed.")
                .doesNotContain("m4ster-secret").doesNotContain(base64(USER + "\0postern\0m4ster-secret"));
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void shouldTakeAnErrWithoutResponseCodeToPassAsARefusal() {
        start(OWN);
        upstreamSays(GREETING);
        upstreamSays("-ERR\r\n");
        upstreamSays("+OK\r\n");
        sent();

        upstreamSays("-ERR invalid password\r\n");

        assertThat(failure().kind()).isEqualTo(UpstreamFailure.Kind.CREDENTIAL_REFUSED);
        assertThat(failure().getMessage()).contains("by USER/PASS").doesNotContain("upstream-pass");
    }

    @Test
    void shouldNotTakeTemporaryResponseCodesForARefusedCredential() {
        for (String code : new String[] {"SYS/TEMP", "IN-USE", "LOGIN-DELAY", "SYS/PERM"}) {
            start(MASTER);
            upstreamSays(GREETING);
            upstreamSays(CAPA_PLAIN);
            sent();

            upstreamSays("-ERR [" + code + "] try later\r\n");

            assertThat(failure().kind()).as(code).isEqualTo(UpstreamFailure.Kind.PROTOCOL);
            assertThat(failure().getMessage()).as(code).contains("[" + code + "]").contains("cannot serve " + USER + " now");
            channel.finishAndReleaseAll();
        }
        channel = null;
    }

    @Test
    void shouldReadAnInUseAnswerToPassAsNotNow() {
        start(OWN);
        upstreamSays(GREETING);
        upstreamSays("-ERR\r\n");
        upstreamSays("+OK\r\n");
        sent();

        upstreamSays("-ERR [IN-USE] Mailbox is locked by another POP3 session\r\n");

        assertThat(failure().kind()).isEqualTo(UpstreamFailure.Kind.PROTOCOL);
        assertThat(failure().getMessage()).contains("[IN-USE]");
    }

    @Test
    void shouldSendAShortTokenOnTheAuthLine() {
        start(new UpstreamCredential.Bearer("short.token", OAuth2Config.Mechanism.AUTO));
        upstreamSays(GREETING);
        sent();

        upstreamSays("+OK\r\nUSER\r\nSASL PLAIN XOAUTH2 OAUTHBEARER\r\n.\r\n");

        assertThat(sent()).isEqualTo("AUTH XOAUTH2 " + base64("user=" + USER + "\u0001auth=Bearer short.token\u0001\u0001")
                + "\r\n");
        upstreamSays("+OK Logged in.\r\n");
        assertThat(promise.isSuccess()).isTrue();
    }

    @Test
    void shouldKeepTheAuthLineWithinTheCommandLimitAndSendTheRestAfterTheContinuation() {
        // given: a token that makes "AUTH XOAUTH2 <ir>\r\n" the shortest such line over 255 octets (base64 grows by 4)
        String token = tokenMakingAuthLineOf(Pop3UpstreamLogin.MAX_COMMAND_LINE + 4);
        start(new UpstreamCredential.Bearer(token, OAuth2Config.Mechanism.XOAUTH2));
        upstreamSays(GREETING);
        sent();

        // when
        upstreamSays("+OK\r\nSASL XOAUTH2\r\n.\r\n");

        // then: the mechanism alone, the response after "+ "
        assertThat(sent()).isEqualTo("AUTH XOAUTH2\r\n");
        upstreamSays("+ \r\n");
        assertThat(sent()).isEqualTo(xoauth2(token) + "\r\n");
        upstreamSays("+OK Logged in.\r\n");
        assertThat(promise.isSuccess()).isTrue();
    }

    @Test
    void shouldSendAnAuthLineOfExactly255OctetsWhole() {
        String token = tokenMakingAuthLineOf(Pop3UpstreamLogin.MAX_COMMAND_LINE);
        start(new UpstreamCredential.Bearer(token, OAuth2Config.Mechanism.XOAUTH2));
        upstreamSays(GREETING);
        sent();

        upstreamSays("+OK\r\nSASL XOAUTH2\r\n.\r\n");

        String line = sent();
        assertThat(line).isEqualTo("AUTH XOAUTH2 " + xoauth2(token) + "\r\n");
        assertThat(line).hasSize(Pop3UpstreamLogin.MAX_COMMAND_LINE);
    }

    @Test
    void shouldAnswerABarePlusContinuationToo() {
        String token = "eyJ0eXAi." + "A".repeat(2200) + ".c2ln";
        start(new UpstreamCredential.Bearer(token, OAuth2Config.Mechanism.OAUTHBEARER));
        upstreamSays(GREETING);
        sent();
        upstreamSays("+OK\r\nSASL OAUTHBEARER\r\n.\r\n");
        assertThat(sent()).isEqualTo("AUTH OAUTHBEARER\r\n");

        upstreamSays("+\r\n");

        assertThat(sent()).isEqualTo(base64("n,a=" + USER + ",\u0001host=localhost\u0001port=110\u0001auth=Bearer "
                + token + "\u0001\u0001") + "\r\n");
    }

    @Test
    void shouldAnswerTheTokenErrorChallengeAndLogItDecodedWithoutTheToken() {
        start(new UpstreamCredential.Bearer("expired.token", OAuth2Config.Mechanism.XOAUTH2));
        upstreamSays(GREETING);
        upstreamSays("+OK\r\nSASL XOAUTH2\r\n.\r\n");
        sent();

        upstreamSays("+ " + base64("{\"status\":\"401\",\"schemes\":\"bearer\",\"scope\":\"https://mail.google.com/\"}") + "\r\n");
        assertThat(sent()).isEqualTo("\r\n");
        upstreamSays("-ERR [AUTH] Authentication failed.\r\n");

        assertThat(failure().kind()).isEqualTo(UpstreamFailure.Kind.CREDENTIAL_REFUSED);
        assertThat(failure().getMessage()).contains("[AUTH]").contains("\"status\":\"401\"").contains("by XOAUTH2")
                .doesNotContain("expired.token");
    }

    @Test
    void shouldFailOnAContinuationAfterThePlainInitialResponse() {
        start(MASTER);
        upstreamSays(GREETING);
        upstreamSays(CAPA_PLAIN);
        sent();

        upstreamSays("+ \r\n");

        assertThat(failure().kind()).isEqualTo(UpstreamFailure.Kind.PROTOCOL);
        assertThat(failure().getMessage()).doesNotContain("m4ster-secret");
        assertThat(sent()).isEmpty();
    }

    @Test
    void shouldSendXclientWhenTheGreetingAnnouncesIt() {
        start(UpstreamEndpoint.Security.NONE, MASTER, Pop3UpstreamLogin.Purpose.LOGIN, true);
        upstreamSays("+OK [XCLIENT] Dovecot ready.\r\n");
        assertThat(sent()).isEqualTo("CAPA\r\n");
        upstreamSays(CAPA_PLAIN);

        assertThat(sent()).isEqualTo("XCLIENT ADDR=192.0.2.7 PORT=51000\r\n");
        upstreamSays("+OK Updated\r\n");

        assertThat(sent()).startsWith("AUTH PLAIN ");
    }

    @Test
    void shouldFailNamingTheTrustedNetworksWhenXclientIsNotAnnounced() {
        start(UpstreamEndpoint.Security.NONE, MASTER, Pop3UpstreamLogin.Purpose.LOGIN, true);
        upstreamSays(GREETING);
        sent();

        upstreamSays(CAPA_PLAIN);

        assertThat(failure().kind()).isEqualTo(UpstreamFailure.Kind.PROTOCOL);
        assertThat(failure().getMessage()).contains("login_trusted_networks");
        assertThat(sent()).as("no login without the client's address").isEmpty();
    }

    @Test
    void shouldFailWhenTheUpstreamRefusesXclient() {
        start(UpstreamEndpoint.Security.NONE, MASTER, Pop3UpstreamLogin.Purpose.LOGIN, true);
        upstreamSays("+OK [XCLIENT] ready\r\n");
        upstreamSays(CAPA_PLAIN);
        sent();

        upstreamSays("-ERR Invalid parameters\r\n");

        assertThat(failure().kind()).isEqualTo(UpstreamFailure.Kind.PROTOCOL);
        assertThat(failure().getMessage()).contains("XCLIENT").contains("Invalid parameters");
    }

    @Test
    void shouldProbeCapaWithoutSendingACredential() {
        start(UpstreamEndpoint.Security.NONE, (UpstreamIdentity) null, Pop3UpstreamLogin.Purpose.PROBE, true);
        upstreamSays("+OK [XCLIENT] ready\r\n");
        assertThat(sent()).isEqualTo("CAPA\r\n");

        upstreamSays(CAPA_PLAIN);

        assertThat(promise.isSuccess()).isTrue();
        assertThat(promise.getNow().capabilities()).startsWith("CAPA\nTOP\nUIDL");
        assertThat(sent()).as("no XCLIENT, no AUTH").isEmpty();
    }

    @Test
    void shouldRefuseALoginWithoutIdentity() {
        UpstreamEndpoint endpoint = new UpstreamEndpoint("127.0.0.1", 110, UpstreamEndpoint.Security.NONE, null,
                "localhost", Duration.ofSeconds(5), Duration.ofSeconds(30));
        EmbeddedChannel unused = new EmbeddedChannel();
        try {
            assertThatThrownBy(() -> new Pop3UpstreamLogin(null, endpoint, unused.eventLoop().newPromise(),
                    Pop3UpstreamLogin.Purpose.LOGIN, false)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("identity");
        } finally {
            unused.finishAndReleaseAll();
        }
    }

    private static String xoauth2(String token) {
        return base64("user=" + USER + "\u0001auth=Bearer " + token + "\u0001\u0001");
    }

    /** A b64token for which {@code AUTH XOAUTH2 <base64 of the XOAUTH2 message>CRLF} is {@code octets} long. */
    private static String tokenMakingAuthLineOf(int octets) {
        for (int length = 1; length < 400; length++) {
            String token = "t".repeat(length);
            if ("AUTH XOAUTH2 ".length() + xoauth2(token).length() + 2 == octets) {
                return token;
            }
        }
        throw new IllegalStateException("no token gives an AUTH line of " + octets + " octets");
    }
}
