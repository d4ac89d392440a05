package dev.postern.server.smtp;

import static dev.postern.server.smtp.SmtpDemoFixture.b64;
import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.server.demo.Demo;
import dev.postern.server.demo.upstream.DemoUpstream;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Postern's SMTP replies on real sockets, with GreenMail as the upstream. */
class SmtpRawSocketIT {

    @TempDir
    static Path folder;

    private static SmtpDemoFixture fixture;

    @BeforeAll
    static void startDemo() throws Exception {
        fixture = new SmtpDemoFixture(folder);
    }

    @AfterAll
    static void stopDemo() {
        fixture.close();
    }

    @BeforeEach
    void emptyMailbox() throws Exception {
        ((DemoUpstream) fixture.demo.upstream()).greenMail().purgeEmailFromAllMailboxes();
    }

    private static SmtpTestClient implicit() throws Exception {
        SmtpTestClient client = SmtpTestClient.connect(fixture.implicitTlsPort(), fixture.tls, true);
        assertThat(client.replyLine()).isEqualTo("220 localhost ESMTP");
        return client;
    }

    @Test
    void shouldAdvertiseStartTlsButNoAuthBeforeTlsAndOnlyWhatTheUpstreamHas() throws Exception {
        try (SmtpTestClient client = SmtpTestClient.connect(fixture.startTlsPort(), fixture.tls, false)) {
            assertThat(client.replyLine()).isEqualTo("220 localhost ESMTP");

            // GreenMail offers AUTH and SMTPUTF8 only: SMTPUTF8 is passed on, its AUTH never
            assertThat(client.command("EHLO client.test")).containsExactly("250-localhost", "250-SMTPUTF8", "250 STARTTLS");
            assertThat(client.command("AUTH PLAIN " + fixture.plain(fixture.demo.appPassword())))
                    .containsExactly("530 5.7.0 Must issue a STARTTLS command first");
            assertThat(client.command("MAIL FROM:<" + Demo.USER + ">")).containsExactly("530 5.7.0 Authentication required");
        }
    }

    @Test
    void shouldDiscardCommandsInjectedBehindStartTlsAndForgetEhlo() throws Exception {
        try (SmtpTestClient client = SmtpTestClient.connect(fixture.startTlsPort(), fixture.tls, false)) {
            client.reply();
            client.command("EHLO client.test");

            // given: a man in the middle appends a command to the client's STARTTLS, in the same packet
            client.send("STARTTLS\r\nMAIL FROM:<evil@example.org>\r\n");
            assertThat(client.replyLine()).isEqualTo("220 2.0.0 Ready to start TLS");
            client.upgrade();

            // then: the injected line was never answered, and the session starts over (EHLO forgotten)
            assertThat(client.command("AUTH PLAIN " + fixture.plain(fixture.demo.appPassword())))
                    .containsExactly("503 5.5.1 Send EHLO first");
            assertThat(client.command("EHLO client.test"))
                    .containsExactly("250-localhost", "250-SMTPUTF8", "250 AUTH PLAIN LOGIN");
            assertThat(client.command("STARTTLS")).containsExactly("503 5.5.1 TLS already active");
        }
    }

    @Test
    void shouldReplayCommandsPipelinedAfterAuthPlainToTheUpstream() throws Exception {
        try (SmtpTestClient client = implicit()) {
            client.command("EHLO client.test");

            // when: everything up to DATA in one write, behind AUTH PLAIN with an initial response
            client.send("AUTH PLAIN " + fixture.plain(fixture.demo.appPassword()) + "\r\n"
                    + "MAIL FROM:<" + Demo.USER + ">\r\nRCPT TO:<" + Demo.USER + ">\r\nDATA\r\n");

            // then: Postern's 235, then the upstream's answers to each pipelined command, in order
            assertThat(client.replyLine()).isEqualTo("235 2.7.0 Authentication successful");
            assertThat(client.replyLine()).startsWith("250");
            assertThat(client.replyLine()).startsWith("250");
            assertThat(client.replyLine()).startsWith("354");
            client.send("Subject: pipelined\r\n\r\nbody\r\n..leading dot\r\n.\r\n");
            assertThat(client.replyLine()).startsWith("250");
            assertThat(client.command("AUTH PLAIN " + fixture.plain("x"))).first().asString().startsWith("503");
            assertThat(client.command("QUIT")).first().asString().startsWith("221");
        }
        assertThat(((DemoUpstream) fixture.demo.upstream()).greenMail().waitForIncomingEmail(10_000, 1)).isTrue();
        MimeMessage received = ((DemoUpstream) fixture.demo.upstream()).greenMail().getReceivedMessages()[0];
        assertThat(received.getSubject()).isEqualTo("pipelined");
    }

    @Test
    void shouldRefuseAWrongPasswordAndAnotherAuthzidWith535() throws Exception {
        try (SmtpTestClient client = implicit()) {
            client.command("EHLO client.test");

            assertThat(client.command("AUTH PLAIN " + fixture.plain("not-the-app-password")))
                    .containsExactly("535 5.7.8 Authentication credentials invalid");
            assertThat(client.command("AUTH PLAIN " + b64("someone@localhost\0" + Demo.USER + "\0"
                    + fixture.demo.appPassword()))).containsExactly("535 5.7.8 Authentication credentials invalid");
        }
    }

    @Test
    void shouldLogInWithAuthLoginAndTheUserInline() throws Exception {
        try (SmtpTestClient client = implicit()) {
            client.command("EHLO client.test");

            assertThat(client.command("AUTH LOGIN " + b64(Demo.USER))).containsExactly("334 UGFzc3dvcmQ6");
            assertThat(client.command(b64(fixture.demo.appPassword())))
                    .containsExactly("235 2.7.0 Authentication successful");
            assertThat(client.command("NOOP")).first().asString().startsWith("250");
        }
    }

    @Test
    void shouldAnswerBadAuthExchangesAndCloseAfterThreeErrors() throws Exception {
        try (SmtpTestClient client = implicit()) {
            assertThat(client.command("AUTH PLAIN")).containsExactly("503 5.5.1 Send EHLO first");
            client.command("EHLO client.test");
            assertThat(client.command("AUTH LOGIN")).containsExactly("334 VXNlcm5hbWU6");
            assertThat(client.command("*")).containsExactly("501 5.5.2 Authentication cancelled");
            assertThat(client.command("AUTH PLAIN")).containsExactly("334 ");
            assertThat(client.command("%%%")).containsExactly("501 5.5.2 Cannot decode the response");
            assertThat(client.command("AUTH CRAM-MD5")).containsExactly("504 5.5.4 Unrecognized authentication type");
            assertThat(client.replyLine()).isEqualTo("421 4.7.0 localhost Too many errors, closing connection");
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void shouldRefuseALineOverTheBound() throws Exception {
        try (SmtpTestClient client = implicit()) {
            assertThat(client.command("AUTH PLAIN " + "A".repeat(12_288))).containsExactly("500 5.5.6 Line too long");
            assertThat(client.command("NOOP")).containsExactly("250 2.0.0 OK");
            assertThat(client.command("QUIT")).containsExactly("221 2.0.0 Bye");
        }
    }
}
