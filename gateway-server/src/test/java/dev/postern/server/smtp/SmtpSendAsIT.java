package dev.postern.server.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postern.core.account.AccountService;
import dev.postern.core.config.ConfigLoader;
import dev.postern.core.config.GatewayConfig;
import dev.postern.core.store.CredentialStore;
import dev.postern.core.store.Limits;
import dev.postern.core.store.Scope;
import dev.postern.core.testing.UtcMidnight;
import dev.postern.server.Components;
import dev.postern.server.StoreFactory;
import dev.postern.server.demo.Demo;
import dev.postern.server.demo.upstream.DemoUpstream;
import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * App passwords that limit sending ({@code --send-as}, {@code --max-messages-per-day}) end to end on
 * real sockets, GreenMail the upstream: an allowed sender's message arrives; another sender is refused
 * with 550 5.7.1 by Postern and its message never reaches the upstream's mailbox, whether the client
 * waits for each reply (a real client, Angus Mail) or pipelines MAIL, RCPT and DATA in one write; a
 * dot line with a bare LF ends the session before a hidden MAIL FROM can reach the upstream; a BDAT to
 * an upstream without CHUNKING is refused and its chunk never read as commands; past the daily quota
 * MAIL FROM gets 452 4.7.1.
 */
class SmtpSendAsIT {

    private static final String EVIL = "evil@example.org";
    private static final String REFUSED = "550 5.7.1 <" + EVIL + ">: this app password may not send as that address";

    @TempDir
    static Path folder;

    private static SmtpDemoFixture fixture;
    private static String sendAsSelf;
    private static String onePerDay;
    private static String onePerDayId;
    private static GatewayConfig config;

    @BeforeAll
    static void startDemo() throws Exception {
        fixture = new SmtpDemoFixture(folder);
        config = ConfigLoader.load(fixture.demo.folder().resolve("postern.yml"));
        try (CredentialStore store = StoreFactory.open(config.store())) {
            AccountService accounts = new AccountService(store, Components.passwordHashes(config), new SecureRandom(),
                    InstantSource.system());
            sendAsSelf = accounts.create(Demo.USER, "scanner", EnumSet.of(Scope.SMTP), null,
                    new Limits(List.of(Limits.SELF), List.of(), 0)).password();
            AccountService.Created quota = accounts.create(Demo.USER, "one a day", EnumSet.of(Scope.SMTP), null,
                    new Limits(List.of(Limits.SELF), List.of(), 1));
            onePerDay = quota.password();
            onePerDayId = quota.record().id();
        }
    }

    @AfterAll
    static void stopDemo() {
        fixture.close();
    }

    @BeforeEach
    void emptyMailbox() throws Exception {
        greenMail().purgeEmailFromAllMailboxes();
    }

    @Test
    void shouldDeliverAnAllowedSendersMessageFromARealClient() throws Exception {
        send(sendAsSelf, Demo.USER, "allowed");

        assertThat(greenMail().waitForIncomingEmail(10_000, 1)).isTrue();
        assertThat(subjects()).containsExactly("allowed");
    }

    @Test
    void shouldRefuseAnotherSenderFromARealClientAndDeliverNothing() throws Exception {
        assertThatThrownBy(() -> send(sendAsSelf, EVIL, "refused"))
                .isInstanceOfSatisfying(SMTPSendFailedException.class, e -> {
                    assertThat(e.getReturnCode()).isEqualTo(550);
                    assertThat(e.getMessage()).contains("5.7.1");
                });

        // a message sent after it arrives alone: the refused one never reached the upstream
        send(sendAsSelf, Demo.USER, "after the refusal");
        assertThat(greenMail().waitForIncomingEmail(10_000, 1)).isTrue();
        assertThat(subjects()).containsExactly("after the refusal");
    }

    @Test
    void shouldRefuseAPipelinedOtherSenderAndStayInStepForTheNextMessage() throws Exception {
        try (SmtpTestClient client = loggedIn(sendAsSelf)) {
            // the whole transaction in one write, as a pipelining client sends it
            client.send("MAIL FROM:<" + EVIL + ">\r\nRCPT TO:<" + Demo.USER + ">\r\nDATA\r\n");

            assertThat(client.replyLine()).isEqualTo(REFUSED);
            assertThat(client.replyLine()).as("the upstream has no transaction: RCPT").startsWith("5");
            assertThat(client.replyLine()).as("and DATA").startsWith("5");

            client.send("MAIL FROM:<" + Demo.USER + ">\r\nRCPT TO:<" + Demo.USER + ">\r\nDATA\r\n");
            assertThat(client.replyLine()).startsWith("250");
            assertThat(client.replyLine()).startsWith("250");
            assertThat(client.replyLine()).startsWith("354");
            client.send("Subject: pipelined\r\n\r\nMAIL FROM:<" + EVIL + ">\r\n..a stuffed dot\r\n.\r\n");
            assertThat(client.replyLine()).startsWith("250");
            assertThat(client.command("QUIT")).first().asString().startsWith("221");
        }
        assertThat(greenMail().waitForIncomingEmail(10_000, 1)).isTrue();
        assertThat(subjects()).containsExactly("pipelined");
    }

    @Test
    void shouldEndTheSessionAtADotLineWithBareLineFeedsBeforeAHiddenSenderReachesTheUpstream() throws Exception {
        try (SmtpTestClient client = loggedIn(sendAsSelf)) {
            client.send("MAIL FROM:<" + Demo.USER + ">\r\nRCPT TO:<" + Demo.USER + ">\r\nDATA\r\n");
            client.reply();
            client.reply();
            assertThat(client.replyLine()).startsWith("354");

            client.send("Subject: cover\r\n\r\ncover\n.\nMAIL FROM:<" + EVIL + ">\r\nRCPT TO:<" + Demo.USER + ">\r\n"
                    + "DATA\r\nSubject: smuggled\r\n\r\nsmuggled\r\n.\r\n");

            assertThat(client.replyLine()).isEqualTo(
                    "554 5.5.0 Message refused: a dot line with a bare CR or LF (SMTP smuggling), closing connection");
            assertThat(client.closedByServer()).isTrue();
        }
        send(sendAsSelf, Demo.USER, "next session");
        assertThat(greenMail().waitForIncomingEmail(10_000, 1)).isTrue();
        assertThat(subjects()).as("neither the cover nor the smuggled message").containsExactly("next session");
    }

    @Test
    void shouldRefuseBdatToAnUpstreamWithoutChunkingAndNeverLetItReadTheChunkAsCommands() throws Exception {
        String chunk = "MAIL FROM:<" + EVIL + ">\r\nRCPT TO:<" + Demo.USER + ">\r\n";
        try (SmtpTestClient client = loggedIn(sendAsSelf)) {
            client.send("BDAT " + chunk.length() + " LAST\r\n" + chunk + "NOOP\r\n");

            assertThat(client.replyLine()).isEqualTo("502 5.5.1 BDAT not available: CHUNKING is not offered");
            assertThat(client.replyLine()).as("NOOP, the next command the upstream reads").startsWith("250");
            assertThat(client.command("RCPT TO:<" + Demo.USER + ">")).as("no transaction was started upstream")
                    .first().asString().startsWith("5");
        }
    }

    @Test
    void shouldRefuseMailFromPastTheDailyQuota() throws Exception {
        UtcMidnight.notWithin(Duration.ofMinutes(1)); // the quota's day is the UTC day
        send(onePerDay, Demo.USER, "the one of today");
        assertThat(greenMail().waitForIncomingEmail(10_000, 1)).isTrue();
        awaitCounted(onePerDayId, 1);

        try (SmtpTestClient client = loggedIn(onePerDay)) {
            assertThat(client.command("MAIL FROM:<" + Demo.USER + ">")).containsExactly(
                    "452 4.7.1 Daily message quota of this app password reached, try again tomorrow");
            assertThat(client.command("NOOP")).first().asString().startsWith("250");
        }
        assertThat(subjects()).containsExactly("the one of today");
    }

    private static SmtpTestClient loggedIn(String password) throws Exception {
        SmtpTestClient client = SmtpTestClient.connect(fixture.implicitTlsPort(), fixture.tls, true);
        try {
            client.reply();
            client.command("EHLO client.test");
            assertThat(client.command("AUTH PLAIN " + fixture.plain(password)))
                    .containsExactly("235 2.7.0 Authentication successful");
            return client;
        } catch (Exception | AssertionError e) {
            client.close();
            throw e;
        }
    }

    /** A real client sends one message with envelope sender {@code from}. */
    private static void send(String password, String from, String subject) throws Exception {
        Properties props = new Properties();
        props.put("mail.transport.protocol", "smtps");
        props.put("mail.smtps.host", "localhost");
        props.put("mail.smtps.port", Integer.toString(fixture.implicitTlsPort()));
        props.put("mail.smtps.auth", "true");
        props.put("mail.smtps.from", from);
        props.put("mail.smtps.ssl.socketFactory", fixture.tls.getSocketFactory());
        props.put("mail.smtps.ssl.checkserveridentity", "true");
        props.put("mail.smtps.timeout", "30000");
        Session session = Session.getInstance(props);
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(from));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(Demo.USER));
        message.setSubject(subject);
        message.setText("Sent through Postern by an app password that may send as " + Demo.USER + ".\r\n");
        try (Transport transport = session.getTransport()) {
            transport.connect(Demo.USER, password);
            transport.sendMessage(message, new InternetAddress[] {new InternetAddress(Demo.USER)});
        }
    }

    /** Waits (bounded) until the store has counted {@code count} messages today for the app password. */
    private static void awaitCounted(String id, long count) throws Exception {
        long day = Instant.now().atOffset(ZoneOffset.UTC).toLocalDate().toEpochDay();
        long deadline = System.nanoTime() + 10_000_000_000L;
        try (CredentialStore store = StoreFactory.open(config.store())) {
            while (store.messagesSent(id, day) < count) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the store did not count " + count + " message(s) within 10 s");
                }
                Thread.sleep(20); // the count is written on the gateway's store pool
            }
        }
    }

    private static GreenMail greenMail() {
        return ((DemoUpstream) fixture.demo.upstream()).greenMail();
    }

    private static List<String> subjects() {
        return Arrays.stream(greenMail().getReceivedMessages()).map(message -> {
            try {
                return message.getSubject();
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }
}
