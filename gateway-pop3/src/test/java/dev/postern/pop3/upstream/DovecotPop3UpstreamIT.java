package dev.postern.pop3.upstream;

import static dev.postern.pop3.upstream.UpstreamLogins.endpoint;
import static dev.postern.pop3.upstream.UpstreamLogins.failure;
import static dev.postern.pop3.upstream.UpstreamLogins.login;
import static dev.postern.pop3.upstream.UpstreamLogins.plain;
import static dev.postern.pop3.upstream.UpstreamLogins.session;
import static dev.postern.pop3.upstream.UpstreamLogins.talk;
import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.core.config.OAuth2Config;
import dev.postern.core.ingress.Transport;
import dev.postern.core.testing.DovecotServer;
import dev.postern.core.testing.ImapTestClient;
import dev.postern.core.testing.TestSecrets;
import dev.postern.core.tls.TlsContexts;
import dev.postern.core.upstream.UpstreamCredential;
import dev.postern.core.upstream.UpstreamEndpoint;
import dev.postern.core.upstream.UpstreamFailure;
import dev.postern.core.upstream.UpstreamIdentity;
import dev.postern.core.upstream.UpstreamSession;
import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The upstream POP3 login against a real Dovecot 2.3 ({@code dovecot-pop3d}): the master user by
 * AUTH PLAIN with authzid, as Dovecot's own POP3 proxy logs in, then STAT and RETR of a message
 * put in the mailbox over IMAP; the same through STLS; XCLIENT from a trusted network; a wrong
 * master password; and bearer tokens, by XOAUTH2 and OAUTHBEARER, that Dovecot's {@code oauth2}
 * passdb introspects at the OAuth2 server in this JVM (every party on {@code 127.0.0.1}: the server
 * names its issuer after the host it was asked at).
 */
class DovecotPop3UpstreamIT {

    private static final String USER = "paula";
    private static final String PASSWORD = "paula-Upstream-Passw0rd";
    private static final String ISSUER = "mailbox";
    private static final String SUBJECT = "delivered for pop3";

    @TempDir
    static Path folder;
    private static MockOAuth2Server oauth2;
    private static DovecotServer dovecot;
    private static EventLoopGroup group;

    @BeforeAll
    static void start() throws Exception {
        assertThat(DovecotServer.isInstalled()).as(DovecotServer.NOT_INSTALLED).isTrue();
        oauth2 = new MockOAuth2Server();
        oauth2.start(InetAddress.getByName("127.0.0.1"), 0);
        String introspection = oauth2.url(ISSUER + "/introspect").newBuilder().host("127.0.0.1").username("dovecot")
                .password("introspect").build().toString();
        dovecot = DovecotServer.builder(folder.resolve("dovecot")).user(USER, PASSWORD).pop3(true)
                .oauth2Introspection(introspection).start();
        TestSecrets.register(PASSWORD);
        try (ImapTestClient imap = ImapTestClient.connect(dovecot.imapPort())) {
            assertThat(last(imap.command("a1", "LOGIN " + USER + " " + PASSWORD))).startsWith("a1 OK");
            String message = "From: sender@example.net\r\nSubject: " + SUBJECT + "\r\n\r\nhello over POP3\r\n";
            assertThat(last(imap.command("a2", "APPEND INBOX {" + message.getBytes(StandardCharsets.UTF_8).length + "+}\r\n"
                    + message))).startsWith("a2 OK");
        }
        group = Transport.nio().newGroup(1);
    }

    @AfterAll
    static void stop() {
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (dovecot != null) {
            dovecot.close();
        }
        if (oauth2 != null) {
            oauth2.shutdown();
        }
    }

    private static UpstreamCredential master() {
        return new UpstreamCredential.MasterUser(dovecot.masterUser(), dovecot.masterPassword());
    }

    private static UpstreamIdentity as(String user, UpstreamCredential credential) {
        return new UpstreamIdentity(user, credential, "192.0.2.7", 51000);
    }

    @Test
    void shouldLogInAsTheUserWithTheMasterUserAndReadTheMailbox() throws Exception {
        UpstreamSession session = session(login(group, plain(dovecot.pop3Port()), as(USER, master()), false));

        assertThat(session.capabilities().split("\n")).contains("USER", "PIPELINING", "RESP-CODES", "AUTH-RESP-CODE")
                .anyMatch(line -> line.startsWith("SASL PLAIN"));
        try (UpstreamLogins.Talk talk = talk(session)) {
            assertThat(talk.command("STAT")).startsWith("+OK 1 ");
            assertThat(talk.multiLine("RETR 1")).contains("Subject: " + SUBJECT, "hello over POP3");
        }
        assertThat(dovecot.awaitLogLine(line -> line.contains("pop3-login: Info: Login: user=<" + USER + ">")
                && line.contains("method=PLAIN"), Duration.ofSeconds(10))).isNotNull();
    }

    @Test
    void shouldLogInThroughStls() throws Exception {
        UpstreamEndpoint starttls = endpoint(dovecot.pop3Port(), UpstreamEndpoint.Security.STARTTLS,
                TlsContexts.forUpstreamTrustingPem(dovecot.certificatePem()), Duration.ofSeconds(10));

        UpstreamSession session = session(login(group, starttls, as(USER, master()), false));

        assertThat(session.capabilities()).doesNotContain("STLS");
        try (UpstreamLogins.Talk talk = talk(session)) {
            assertThat(talk.command("STAT")).startsWith("+OK 1 ");
        }
        assertThat(dovecot.awaitLogLine(line -> line.contains("pop3-login: Info: Login: user=<" + USER + ">")
                && line.contains("TLS"), Duration.ofSeconds(10))).isNotNull();
    }

    @Test
    void shouldForwardTheClientAddressWithXclient() throws Exception {
        UpstreamSession session = session(login(group, plain(dovecot.pop3Port()),
                new UpstreamIdentity(USER, master(), "198.51.100.23", 40123), true));
        session.channel().close().syncUninterruptibly();

        assertThat(dovecot.awaitLogLine(line -> line.contains("pop3-login: Info: Login: user=<" + USER + ">")
                && line.contains("rip=198.51.100.23"), Duration.ofSeconds(10))).isNotNull();
    }

    @Test
    void shouldLogInWithTheUsersOwnStoredPassword() throws Exception {
        UpstreamSession session = session(login(group, plain(dovecot.pop3Port()),
                as(USER, new UpstreamCredential.UserPassword(PASSWORD)), false));

        try (UpstreamLogins.Talk talk = talk(session)) {
            assertThat(talk.command("STAT")).startsWith("+OK 1 ");
        }
    }

    @Test
    void shouldReportAWrongMasterPasswordAsARefusedCredential() {
        UpstreamFailure failure = failure(login(group, plain(dovecot.pop3Port()),
                as(USER, new UpstreamCredential.MasterUser(dovecot.masterUser(), "not-the-master-Passw0rd")), false));

        assertThat(failure.kind()).isEqualTo(UpstreamFailure.Kind.CREDENTIAL_REFUSED);
        assertThat(failure.getMessage()).contains("-ERR [AUTH]").contains("master user " + dovecot.masterUser())
                .doesNotContain("not-the-master-Passw0rd");
    }

    @Test
    void shouldProbeTheCapaLinesThroughStls() {
        UpstreamEndpoint starttls = endpoint(dovecot.pop3Port(), UpstreamEndpoint.Security.STARTTLS,
                TlsContexts.forUpstreamTrustingPem(dovecot.certificatePem()), Duration.ofSeconds(10));
        UpstreamCapabilities capabilities = new UpstreamCapabilities(UpstreamLogins.connector(starttls, false), group);

        List<String> learned = capabilities.probe().syncUninterruptibly().getNow();

        assertThat(capabilities.learned()).isTrue();
        assertThat(learned).contains("USER", "UIDL", "PIPELINING").doesNotContain("STLS")
                .anyMatch(line -> line.startsWith("SASL ") && line.contains("XOAUTH2"));
    }

    @ParameterizedTest
    @EnumSource(value = OAuth2Config.Mechanism.class, names = {"XOAUTH2", "OAUTHBEARER"})
    void shouldLogInWithATokenDovecotIntrospectsEvenWhenItIsTooLongForTheAuthLine(OAuth2Config.Mechanism mechanism)
            throws Exception {
        // given: a token of about 2 KiB, as Microsoft issues them
        String token = oauth2.anyToken(oauth2.issuerUrl(ISSUER).newBuilder().host("127.0.0.1").build(),
                Map.of("sub", USER, "padding", "p".repeat(1500)), Duration.ofHours(1)).serialize();
        TestSecrets.register(token);
        assertThat(token.length()).isGreaterThan(Pop3UpstreamLogin.MAX_COMMAND_LINE * 4);

        // when
        UpstreamSession session = session(login(group, plain(dovecot.pop3Port()),
                as(USER, new UpstreamCredential.Bearer(token, mechanism)), false));

        // then
        try (UpstreamLogins.Talk talk = talk(session)) {
            assertThat(talk.command("STAT")).startsWith("+OK 1 ");
        }
        assertThat(dovecot.awaitLogLine(line -> line.contains("pop3-login: Info: Login: user=<" + USER + ">")
                && line.contains("method=" + mechanism.name()), Duration.ofSeconds(10))).isNotNull();
    }

    @Test
    void shouldReportATokenDovecotFindsInactiveAsARefusedCredential() {
        String foreign = oauth2.anyToken(oauth2.issuerUrl("another-issuer").newBuilder().host("127.0.0.1").build(),
                Map.of("sub", USER), Duration.ofHours(1)).serialize();
        TestSecrets.register(foreign);

        UpstreamFailure failure = failure(login(group, plain(dovecot.pop3Port()),
                as(USER, new UpstreamCredential.Bearer(foreign, OAuth2Config.Mechanism.XOAUTH2)), false));

        assertThat(failure.kind()).isEqualTo(UpstreamFailure.Kind.CREDENTIAL_REFUSED);
        assertThat(failure.getMessage()).contains("-ERR").doesNotContain(foreign);
    }

    private static String last(List<String> lines) {
        return lines.get(lines.size() - 1);
    }
}
