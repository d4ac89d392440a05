package dev.postern.server.imap;

import static dev.postern.server.imap.ImapGatewayHarness.USER;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the gateway answers itself before login: TLS rules, bounds, and the limits that end a connection. */
class ImapPreAuthIT {

    static final String CAPABILITY_WITH_TLS = "* CAPABILITY IMAP4rev1 SASL-IR LITERAL+ ID AUTH=PLAIN AUTH=LOGIN";
    static final String CAPABILITY_BEFORE_TLS = "* CAPABILITY IMAP4rev1 SASL-IR LITERAL+ ID STARTTLS LOGINDISABLED";
    static final String PRIVACY_REQUIRED = " NO [PRIVACYREQUIRED] Plaintext authentication is disabled; use STARTTLS first.";
    static final String NOT_VALID_BEFORE_LOGIN = " BAD Command unknown or not valid before login.";
    static final String AUTHENTICATION_FAILED = " NO [AUTHENTICATIONFAILED] Authentication failed.";

    @TempDir
    static Path folder;
    static ImapGatewayHarness harness;

    @BeforeAll
    static void startGateway() throws IOException {
        harness = ImapGatewayHarness.start(folder);
    }

    @AfterAll
    static void stopGateway() {
        harness.close();
    }

    @Test
    void shouldNotExecuteCommandsInjectedBehindStartTls() throws IOException {
        try (RawImapClient client = RawImapClient.connectPlain(harness.startTlsPort())) {
            // given a valid login pipelined behind STARTTLS, in clear, in the same write
            client.write("a STARTTLS\r\nb LOGIN " + USER + " " + harness.appPassword() + "\r\n");
            assertThat(client.readLine()).isEqualTo("a OK Begin TLS negotiation now.");

            // when the handshake is done
            client.upgrade(harness.clientTls());
            List<String> capability = client.command("c", "CAPABILITY");
            List<String> select = client.command("d", "SELECT INBOX");

            // then the injected LOGIN was never answered, and the session is still not authenticated
            assertThat(capability).containsExactly(CAPABILITY_WITH_TLS, "c OK CAPABILITY completed.");
            assertThat(select).containsExactly("d" + NOT_VALID_BEFORE_LOGIN);
        }
    }

    @Test
    void shouldRefuseLoginAndAuthenticateBeforeTlsOnTheStartTlsListener() throws IOException {
        try (RawImapClient client = RawImapClient.connectPlain(harness.startTlsPort())) {
            assertThat(client.command("a", "LOGIN " + USER + " " + harness.appPassword()))
                    .containsExactly("a" + PRIVACY_REQUIRED);
            assertThat(client.command("b", "AUTHENTICATE PLAIN " + ImapLoginIT.plain(USER, harness.appPassword())))
                    .containsExactly("b" + PRIVACY_REQUIRED);
            assertThat(client.command("c", "AUTHENTICATE LOGIN")).containsExactly("c" + PRIVACY_REQUIRED);
            assertThat(client.command("d", "NOOP")).containsExactly("d OK NOOP completed.");
        }
    }

    @Test
    void shouldAdvertiseLoginDisabledAndNoMechanismBeforeTls() throws IOException {
        try (RawImapClient client = RawImapClient.connectPlain(harness.startTlsPort())) {
            assertThat(client.greeting()).contains("STARTTLS LOGINDISABLED").doesNotContain("AUTH=");
            assertThat(client.command("a", "CAPABILITY"))
                    .containsExactly(CAPABILITY_BEFORE_TLS, "a OK CAPABILITY completed.");

            client.startTls("b", harness.clientTls());

            assertThat(client.command("c", "CAPABILITY")).containsExactly(CAPABILITY_WITH_TLS, "c OK CAPABILITY completed.");
        }
    }

    @Test
    void shouldRefuseAnOversizedLiteralWithoutContinuationAndClose() throws IOException {
        try (RawImapClient client = harness.connectImplicit()) {
            client.write("a LOGIN {100000}\r\n");

            List<String> rest = client.readUntilClosed();

            assertThat(rest).noneMatch(line -> line.startsWith("+"));
            assertThat(rest).hasSize(2);
            assertThat(rest.get(0)).startsWith("a BAD ");
            assertThat(rest.get(1)).startsWith("* BYE ");
        }
    }

    @Test
    void shouldSayByeAfterThreeBadCommands() throws IOException {
        try (RawImapClient client = harness.connectImplicit()) {
            assertThat(client.command("a", "SELECT INBOX")).containsExactly("a" + NOT_VALID_BEFORE_LOGIN);
            assertThat(client.command("b", "FROB")).containsExactly("b" + NOT_VALID_BEFORE_LOGIN);
            client.sendLine("c LIST \"\" *");

            assertThat(client.readUntilClosed())
                    .containsExactly("c" + NOT_VALID_BEFORE_LOGIN, "* BYE Too many invalid commands.");
        }
    }

    @Test
    void shouldSayByeAfterThreeFailedLogins() throws IOException {
        try (RawImapClient client = harness.connectImplicit()) {
            assertThat(client.command("a", "LOGIN " + USER + " wrong-1")).containsExactly("a" + AUTHENTICATION_FAILED);
            assertThat(client.command("b", "LOGIN " + USER + " wrong-2")).containsExactly("b" + AUTHENTICATION_FAILED);
            client.sendLine("c LOGIN " + USER + " wrong-3");

            assertThat(client.readUntilClosed())
                    .containsExactly("c" + AUTHENTICATION_FAILED, "* BYE Too many authentication failures.");
        }
    }

    @Test
    void shouldAnswerARefusedLoginNoSoonerThanTheFailureDelay(@TempDir Path own) throws IOException {
        Duration delay = Duration.ofSeconds(1);
        try (ImapGatewayHarness slow = ImapGatewayHarness.builder(own).failureDelay(delay).start();
             RawImapClient client = slow.connectImplicit()) {
            // given a wrong password with a NOOP pipelined behind it
            long sent = System.nanoTime();
            client.write("a LOGIN " + USER + " wrong\r\nb NOOP\r\n");

            // then the NO comes after the delay, and the NOOP only after the NO
            assertThat(client.readLine()).isEqualTo("a" + AUTHENTICATION_FAILED);
            assertThat(Duration.ofNanos(System.nanoTime() - sent)).isGreaterThanOrEqualTo(delay);
            assertThat(client.readLine()).isEqualTo("b OK NOOP completed.");
        }
    }
}
