package dev.postern.server.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.postern.core.store.Limits;
import dev.postern.core.store.Scope;
import dev.postern.core.testing.DovecotServer;
import dev.postern.server.smtp.SmtpTestClient;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --send-as} in front of a real Dovecot submission server (master-user mode), which offers
 * CHUNKING and relays what it accepts to a GreenMail SMTP server where the test looks: BDAT messages,
 * pipelined whole into one write, arrive from an allowed sender; from another sender Postern answers
 * 550 5.7.1, Dovecot refuses the RCPT and the BDAT chunk (which holds a MAIL FROM of its own) that
 * follow, the session stays in step, and nothing of it is relayed.
 */
class DovecotSendAsIT {

    private static final String USER = "dora";
    private static final String SENDER = "dora@example.com";
    private static final String EVIL = "evil@example.org";
    private static final String RECIPIENT = "someone@example.net";

    @TempDir
    static Path dovecotDir;
    @TempDir
    static Path posternDir;

    private static GreenMail relay;
    private static DovecotServer dovecot;
    private static PosternUnderTest postern;

    @BeforeAll
    static void start() throws IOException {
        relay = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        relay.start();
        // Not skipped without Dovecot: the fixture fails and says how to install it.
        dovecot = DovecotServer.builder(dovecotDir).user(USER, "dora-secret")
                .submissionRelay(relay.getSmtp().getPort()).start();
        postern = PosternUnderTest.builder(posternDir, USER, dovecot.masterUser(), dovecot.masterPassword())
                .protocol(Scope.SMTP)
                .upstream(dovecot.submissionPort(), "starttls")
                .trust(dovecot.certificatePem())
                .limitedAppPassword(new Limits(List.of(SENDER), List.of(), 0))
                .start();
    }

    @AfterAll
    static void stop() {
        if (postern != null) {
            postern.close();
        }
        if (dovecot != null) {
            dovecot.close();
        }
        if (relay != null) {
            relay.stop();
        }
    }

    @BeforeEach
    void emptyRelay() throws Exception {
        relay.purgeEmailFromAllMailboxes();
    }

    @Test
    void shouldRelayAPipelinedBdatMessageFromTheAllowedSender() throws Exception {
        try (SmtpTestClient client = loggedIn()) {
            String message = message("chunked", "MAIL FROM:<" + EVIL + ">");

            client.send("MAIL FROM:<" + SENDER + ">\r\nRCPT TO:<" + RECIPIENT + ">\r\nBDAT 20\r\n" + message.substring(0, 20)
                    + "BDAT " + (message.length() - 20) + " LAST\r\n" + message.substring(20));

            assertThat(client.replyLine()).startsWith("250");
            assertThat(client.replyLine()).startsWith("250");
            assertThat(client.replyLine()).as("first chunk").startsWith("250");
            assertThat(client.replyLine()).as("last chunk").startsWith("250");
            assertThat(client.command("QUIT")).first().asString().startsWith("221");
        }
        assertThat(relay.waitForIncomingEmail(10_000, 1)).isTrue();
        assertThat(subjects()).containsExactly("chunked");
    }

    @Test
    void shouldRefuseAnotherSenderAndLetDovecotRefuseThePipelinedChunkInStep() throws Exception {
        try (SmtpTestClient client = loggedIn()) {
            String hidden = "MAIL FROM:<" + EVIL + ">\r\nRCPT TO:<" + RECIPIENT + ">\r\n";
            String message = message("refused", hidden);

            client.send("MAIL FROM:<" + EVIL + ">\r\nRCPT TO:<" + RECIPIENT + ">\r\nBDAT " + message.length() + " LAST\r\n"
                    + message + "NOOP\r\n");

            assertThat(client.replyLine()).isEqualTo("550 5.7.1 <" + EVIL + ">: this app password may not send as that address");
            assertThat(client.replyLine()).as("RCPT without a transaction").startsWith("5");
            assertThat(client.replyLine()).as("BDAT without a transaction, chunk consumed").startsWith("5");
            assertThat(client.replyLine()).as("NOOP: in step").startsWith("250");

            // the same session then sends a message that may go (after a failed chunk Dovecot wants RSET, RFC 3030)
            assertThat(client.command("RSET")).first().asString().startsWith("250");
            String allowed = message("after the refusal", "");
            client.send("MAIL FROM:<" + SENDER + ">\r\nRCPT TO:<" + RECIPIENT + ">\r\nBDAT " + allowed.length()
                    + " LAST\r\n" + allowed);
            assertThat(client.replyLine()).startsWith("250");
            assertThat(client.replyLine()).startsWith("250");
            assertThat(client.replyLine()).startsWith("250");
        }
        assertThat(relay.waitForIncomingEmail(10_000, 1)).isTrue();
        assertThat(subjects()).containsExactly("after the refusal");
    }

    private static SmtpTestClient loggedIn() throws Exception {
        SmtpTestClient client = SmtpTestClient.connect(postern.implicitTlsPort(), postern.clientSslContext(), true);
        try {
            client.reply();
            assertThat(client.command("EHLO client.test")).as("Dovecot's CHUNKING is offered").contains("250-CHUNKING");
            String plain = Base64.getEncoder().encodeToString(("\0" + USER + "\0" + postern.limitedAppPassword())
                    .getBytes(StandardCharsets.UTF_8));
            assertThat(client.command("AUTH PLAIN " + plain)).containsExactly("235 2.7.0 Authentication successful");
            return client;
        } catch (Exception | AssertionError e) {
            client.close();
            throw e;
        }
    }

    private static String message(String subject, String bodyLine) {
        return "From: " + SENDER + "\r\nTo: " + RECIPIENT + "\r\nSubject: " + subject + "\r\n\r\n" + bodyLine + "\r\nbye\r\n";
    }

    private static List<String> subjects() {
        return Arrays.stream(relay.getReceivedMessages()).map(DovecotSendAsIT::subject).toList();
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
