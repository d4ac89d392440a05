package dev.postern.pop3.upstream;

import static dev.postern.pop3.upstream.UpstreamLogins.failure;
import static dev.postern.pop3.upstream.UpstreamLogins.login;
import static dev.postern.pop3.upstream.UpstreamLogins.plain;
import static dev.postern.pop3.upstream.UpstreamLogins.session;
import static dev.postern.pop3.upstream.UpstreamLogins.talk;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.postern.core.config.OAuth2Config;
import dev.postern.core.ingress.Transport;
import dev.postern.core.testing.TestSecrets;
import dev.postern.core.upstream.UpstreamCredential;
import dev.postern.core.upstream.UpstreamFailure;
import dev.postern.core.upstream.UpstreamIdentity;
import dev.postern.core.upstream.UpstreamSession;
import io.netty.channel.EventLoopGroup;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The upstream POP3 login against GreenMail's POP3 server: a stored credential by AUTH PLAIN and by
 * USER/PASS, a wrong one, bearer tokens by XOAUTH2 on the AUTH line and after the continuation
 * (GreenMail takes the token as the user's password), and the CAPA probe. GreenMail has no master
 * users: those are tested against Dovecot ({@code DovecotPop3UpstreamIT}).
 */
class Pop3UpstreamGreenMailTest {

    private static final String USER = "alice@example.com";
    private static final String PASSWORD = "alice-Upstream-Passw0rd";
    private static final String TOKEN_USER = "tom@example.com";
    private static final String TOKEN = "ya29.short-token";
    private static final String LONG_TOKEN_USER = "lena@example.com";
    private static final String LONG_TOKEN = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9." + "Q".repeat(1800) + ".c2lnbmF0dXJl";

    private static GreenMail greenMail;
    private static EventLoopGroup group;

    @BeforeAll
    static void start() {
        group = Transport.nio().newGroup(1);
        ServerSetup pop3 = new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_POP3).dynamicPort();
        greenMail = new GreenMail(new ServerSetup[] {pop3});
        greenMail.start();
        greenMail.setUser(USER, USER, PASSWORD);
        greenMail.setUser(TOKEN_USER, TOKEN_USER, TOKEN);
        greenMail.setUser(LONG_TOKEN_USER, LONG_TOKEN_USER, LONG_TOKEN);
        List.of(PASSWORD, TOKEN, LONG_TOKEN).forEach(TestSecrets::register);
        greenMail.getUserManager().getUser(USER).deliver(GreenMailUtil.createTextEmail(USER, "sender@example.net",
                "greetings from greenmail", "hello over POP3", pop3));
    }

    @AfterAll
    static void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        greenMail.stop();
    }

    private static int port() {
        return greenMail.getPop3().getPort();
    }

    @Test
    void shouldLogInWithTheStoredCredentialByAuthPlainAndReadTheMailbox() throws Exception {
        UpstreamSession session = session(login(group, plain(port()), new UpstreamIdentity(USER,
                new UpstreamCredential.UserPassword(PASSWORD), "192.0.2.7", 51000), false));

        assertThat(session.capabilities()).isEqualTo("UIDL\nSASL PLAIN XOAUTH2");
        try (UpstreamLogins.Talk talk = talk(session)) {
            assertThat(talk.command("STAT")).startsWith("+OK 1 ");
            assertThat(talk.multiLine("RETR 1")).contains("Subject: greetings from greenmail", "hello over POP3");
        }
    }

    @Test
    void shouldLogInByUserAndPassWhenTheServerListsNoSasl() throws Exception {
        try (SaslHidingRelay relay = new SaslHidingRelay(group, port())) {
            UpstreamSession session = session(login(group, plain(relay.port()), new UpstreamIdentity(USER,
                    new UpstreamCredential.UserPassword(PASSWORD), "192.0.2.7", 51000), false));

            assertThat(session.capabilities()).isEqualTo("UIDL");
            try (UpstreamLogins.Talk talk = talk(session)) {
                assertThat(talk.command("STAT")).startsWith("+OK 1 ");
            }
        }
    }

    @Test
    void shouldReportAWrongStoredPasswordAsARefusedCredential() {
        UpstreamFailure failure = failure(login(group, plain(port()), new UpstreamIdentity(USER,
                new UpstreamCredential.UserPassword("not-the-Passw0rd"), "192.0.2.7", 51000), false));

        assertThat(failure.kind()).isEqualTo(UpstreamFailure.Kind.CREDENTIAL_REFUSED);
        assertThat(failure.getMessage()).contains("-ERR").contains("by AUTH PLAIN").doesNotContain("not-the-Passw0rd");
    }

    @Test
    void shouldLogInWithABearerTokenOnTheAuthLine() throws Exception {
        UpstreamSession session = session(login(group, plain(port()), new UpstreamIdentity(TOKEN_USER,
                new UpstreamCredential.Bearer(TOKEN, OAuth2Config.Mechanism.AUTO), "192.0.2.7", 51000), false));

        try (UpstreamLogins.Talk talk = talk(session)) {
            assertThat(talk.command("STAT")).startsWith("+OK 0 ");
        }
    }

    @Test
    void shouldLogInWithABearerTokenTooLongForTheAuthLineAfterTheContinuation() throws Exception {
        UpstreamSession session = session(login(group, plain(port()), new UpstreamIdentity(LONG_TOKEN_USER,
                new UpstreamCredential.Bearer(LONG_TOKEN, OAuth2Config.Mechanism.XOAUTH2), "192.0.2.7", 51000), false));

        try (UpstreamLogins.Talk talk = talk(session)) {
            assertThat(talk.command("NOOP")).startsWith("+OK");
        }
    }

    @Test
    void shouldProbeTheCapaLines() {
        UpstreamSession session = session(UpstreamLogins.probe(group, plain(port())));

        assertThat(session.capabilities().split("\n")).containsExactly("UIDL", "SASL PLAIN XOAUTH2");
        session.channel().close().syncUninterruptibly();
    }

    @Test
    void shouldLearnTheCapaLinesThroughUpstreamCapabilities() {
        UpstreamCapabilities capabilities = new UpstreamCapabilities(UpstreamLogins.connector(plain(port()), false), group);

        List<String> learned = capabilities.probe().syncUninterruptibly().getNow();

        assertThat(learned).containsExactly("UIDL", "SASL PLAIN XOAUTH2");
        assertThat(capabilities.get()).isEqualTo(learned);
        assertThat(capabilities.learned()).isTrue();
    }
}
