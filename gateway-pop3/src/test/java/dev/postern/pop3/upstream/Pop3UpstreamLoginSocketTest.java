package dev.postern.pop3.upstream;

import static dev.postern.pop3.upstream.UpstreamLogins.endpoint;
import static dev.postern.pop3.upstream.UpstreamLogins.failure;
import static dev.postern.pop3.upstream.UpstreamLogins.login;
import static dev.postern.pop3.upstream.UpstreamLogins.plain;
import static dev.postern.pop3.upstream.UpstreamLogins.session;
import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.core.config.OAuth2Config;
import dev.postern.core.ingress.Transport;
import dev.postern.core.tls.TestCertificateAuthority;
import dev.postern.core.tls.TlsContexts;
import dev.postern.core.upstream.UpstreamCredential;
import dev.postern.core.upstream.UpstreamEndpoint;
import dev.postern.core.upstream.UpstreamFailure;
import dev.postern.core.upstream.UpstreamIdentity;
import dev.postern.core.upstream.UpstreamSession;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.Future;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The upstream POP3 login on real sockets through the gateway's connector, against scripted
 * upstreams: STLS with a real handshake, servers that greet with -ERR, lack CAPA or say
 * [SYS/TEMP], bearer tokens too long for the AUTH line and their error challenge, XCLIENT, and an
 * upstream that stops answering.
 */
class Pop3UpstreamLoginSocketTest {

    private static final String USER = "alice@example.com";
    private static final UpstreamCredential MASTER = new UpstreamCredential.MasterUser("postern", "m4ster-secret");
    private static final String GREETING = "+OK POP3 ready.\r\n";
    private static final String CAPA = "+OK\r\nUSER\r\nSASL PLAIN XOAUTH2\r\n.\r\n";

    private static EventLoopGroup group;
    private FakePop3Upstream upstream;

    @BeforeAll
    static void startLoop() {
        group = Transport.nio().newGroup(2);
    }

    @AfterAll
    static void stopLoop() {
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    @AfterEach
    void stopUpstream() {
        if (upstream != null) {
            upstream.close();
        }
    }

    private static UpstreamIdentity as(UpstreamCredential credential) {
        return new UpstreamIdentity(USER, credential, "192.0.2.7", 51000);
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldUpgradeWithStlsAndAskCapaAndLogInOnlyThroughTls(@TempDir Path folder) throws Exception {
        // given: an upstream with a certificate from a private CA that Postern trusts
        TestCertificateAuthority ca = TestCertificateAuthority.create("test CA");
        SslContext serverTls = TlsContexts.forServer(ca.issue("localhost"));
        SslContext trusting = TlsContexts.forUpstreamTrustingPem(ca.writeCertificate(folder.resolve("ca.pem")));
        upstream = FakePop3Upstream.startWithTls(group, GREETING, serverTls, (talk, line) -> {
            if (line.equals("STLS")) {
                talk.startTls();
            } else if (line.equals("CAPA")) {
                talk.say("+OK\r\nUSER\r\nSASL PLAIN\r\n.\r\n");
            } else if (line.startsWith("AUTH PLAIN ")) {
                talk.say("+OK Logged in.\r\n");
            }
        });

        // when
        Future<UpstreamSession> result = login(group, endpoint(upstream.port(), UpstreamEndpoint.Security.STARTTLS, trusting,
                Duration.ofSeconds(10)), as(MASTER), false);

        // then: STLS first, CAPA and AUTH after the handshake
        UpstreamSession session = session(result);
        assertThat(session.capabilities()).isEqualTo("USER\nSASL PLAIN");
        assertThat(upstream.drain()).containsExactly("STLS", "CAPA", "AUTH PLAIN " + base64(USER + "\0postern\0m4ster-secret"));
        session.channel().close().syncUninterruptibly();
    }

    @Test
    void shouldFailOnAnErrGreeting() throws Exception {
        upstream = FakePop3Upstream.start(group, "-ERR [SYS/TEMP] Server shutting down.\r\n", (talk, line) -> { });

        UpstreamFailure failure = failure(login(group, plain(upstream.port()), as(MASTER), false));

        assertThat(failure.kind()).isEqualTo(UpstreamFailure.Kind.GREETING);
        assertThat(failure.getMessage()).contains("-ERR [SYS/TEMP] Server shutting down.");
        assertThat(upstream.drain()).isEmpty();
    }

    @Test
    void shouldLogInByUserAndPassToAServerWithoutCapa() throws Exception {
        upstream = FakePop3Upstream.start(group, GREETING, (talk, line) -> {
            if (line.equals("CAPA")) {
                talk.say("-ERR Unknown command.\r\n");
            } else if (line.startsWith("USER ") || line.startsWith("PASS ")) {
                talk.say("+OK\r\n");
            }
        });

        UpstreamSession session = session(login(group, plain(upstream.port()),
                as(new UpstreamCredential.UserPassword("upstream-pass")), false));

        assertThat(session.capabilities()).isEmpty();
        assertThat(upstream.drain()).containsExactly("CAPA", "USER " + USER, "PASS upstream-pass");
        session.channel().close().syncUninterruptibly();
    }

    @Test
    void shouldFailWithoutBlamingTheCredentialOnSysTemp() throws Exception {
        upstream = FakePop3Upstream.start(group, GREETING, (talk, line) -> {
            if (line.equals("CAPA")) {
                talk.say(CAPA);
            } else if (line.startsWith("AUTH ")) {
                talk.say("-ERR [SYS/TEMP] Temporary authentication failure. [host:2024-01-01 10:00:00]\r\n");
            }
        });

        UpstreamFailure failure = failure(login(group, plain(upstream.port()), as(MASTER), false));

        assertThat(failure.kind()).isEqualTo(UpstreamFailure.Kind.PROTOCOL);
        assertThat(failure.getMessage()).contains("[SYS/TEMP]").doesNotContain("m4ster-secret");
    }

    @Test
    void shouldSendALongTokenAfterTheContinuation() throws Exception {
        // given: a token like Microsoft's (1.5-2.5 KiB), far over the 255-octet command line
        String token = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9." + "A".repeat(2000) + ".c2lnbmF0dXJl";
        String response = base64("user=" + USER + "\u0001auth=Bearer " + token + "\u0001\u0001");
        upstream = FakePop3Upstream.start(group, GREETING, (talk, line) -> {
            if (line.equals("CAPA")) {
                talk.say(CAPA);
            } else if (line.equals("AUTH XOAUTH2")) {
                talk.say("+ \r\n");
            } else if (line.equals(response)) {
                talk.say("+OK Logged in.\r\n");
            } else {
                talk.say("-ERR [AUTH] unexpected\r\n");
            }
        });

        UpstreamSession session = session(login(group, plain(upstream.port()),
                as(new UpstreamCredential.Bearer(token, OAuth2Config.Mechanism.AUTO)), false));

        assertThat(upstream.drain()).containsExactly("CAPA", "AUTH XOAUTH2", response);
        session.channel().close().syncUninterruptibly();
    }

    @Test
    void shouldAnswerTheXoauth2ErrorChallengeWithAnEmptyLineThenFail() throws Exception {
        String error = base64("{\"status\":\"401\",\"schemes\":\"bearer\",\"scope\":\"https://outlook.office.com/\"}");
        upstream = FakePop3Upstream.start(group, GREETING, (talk, line) -> {
            if (line.equals("CAPA")) {
                talk.say(CAPA);
            } else if (line.startsWith("AUTH XOAUTH2 ")) {
                talk.say("+ " + error + "\r\n");
            } else if (line.isEmpty()) {
                talk.say("-ERR [AUTH] Authentication failed.\r\n");
            }
        });

        UpstreamFailure failure = failure(login(group, plain(upstream.port()),
                as(new UpstreamCredential.Bearer("revoked.token", OAuth2Config.Mechanism.XOAUTH2)), false));

        assertThat(failure.kind()).isEqualTo(UpstreamFailure.Kind.CREDENTIAL_REFUSED);
        assertThat(failure.getMessage()).contains("\"status\":\"401\"").doesNotContain("revoked.token");
        assertThat(upstream.drain()).hasSize(3).endsWith("");
    }

    @Test
    void shouldForwardTheClientAddressWithXclientBeforeTheLogin() throws Exception {
        upstream = FakePop3Upstream.start(group, "+OK [XCLIENT] Dovecot ready.\r\n", (talk, line) -> {
            if (line.equals("CAPA")) {
                talk.say(CAPA);
            } else if (line.startsWith("XCLIENT ")) {
                talk.say("+OK Updated\r\n");
            } else if (line.startsWith("AUTH PLAIN ")) {
                talk.say("+OK Logged in.\r\n");
            }
        });

        UpstreamSession session = session(login(group, plain(upstream.port()), as(MASTER), true));

        assertThat(upstream.drain()).containsExactly("CAPA", "XCLIENT ADDR=192.0.2.7 PORT=51000",
                "AUTH PLAIN " + base64(USER + "\0postern\0m4ster-secret"));
        session.channel().close().syncUninterruptibly();
    }

    @Test
    void shouldTimeOutAnUpstreamThatStopsAnswering() throws Exception {
        upstream = FakePop3Upstream.start(group, GREETING, (talk, line) -> { });

        UpstreamFailure failure = failure(login(group, endpoint(upstream.port(), UpstreamEndpoint.Security.NONE, null,
                Duration.ofMillis(300)), as(MASTER), false));

        assertThat(failure.kind()).isEqualTo(UpstreamFailure.Kind.TIMEOUT);
        assertThat(upstream.drain()).containsExactly("CAPA");
    }

    @Test
    void shouldReportAnUpstreamThatClosesDuringTheLogin() throws Exception {
        upstream = FakePop3Upstream.start(group, GREETING, (talk, line) -> talk.close());

        UpstreamFailure failure = failure(login(group, plain(upstream.port()), as(MASTER), false));

        assertThat(failure.kind()).isEqualTo(UpstreamFailure.Kind.CLOSED);
    }
}
