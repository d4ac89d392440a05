package dev.postern.server.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.core.store.Scope;
import dev.postern.core.testing.DovecotServer;
import dev.postern.core.testing.ImapTestClient;
import dev.postern.server.pop3.Pop3Subjects;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Postern's POP3 front in front of a real Dovecot POP3 server ({@code dovecot-pop3d}) in
 * master-user mode: Jakarta Mail's POP3 client logs in to Postern with an app password that has
 * the {@code pop3} scope and reads the user's own mailbox; Dovecot logs the login as that user,
 * with the client's address when Postern forwards it by XCLIENT.
 */
class DovecotPop3IT {

    /** The client connects from here, so Dovecot's log can tell its address from Postern's (127.0.0.1). */
    private static final String CLIENT_ADDRESS = "127.0.0.2";
    /** One user per test, so that each test finds its own login line in Dovecot's log. */
    private static final String CAROL = "carol";
    private static final String DAVE = "dave";
    private static final String PASSWORD = "pop3-Secret-9";
    private static final String SUBJECT = "read through Postern over POP3";

    @TempDir
    static Path dovecotDir;

    private static DovecotServer dovecot;

    @TempDir
    Path posternDir;

    @BeforeAll
    static void startDovecot() throws IOException {
        // Not skipped without Dovecot: the fixture fails and says how to install dovecot-pop3d.
        dovecot = DovecotServer.builder(dovecotDir).user(CAROL, PASSWORD).user(DAVE, PASSWORD).pop3(true).start();
        for (String user : new String[] {CAROL, DAVE}) {
            try (ImapTestClient imap = ImapTestClient.connect(dovecot.imapPort())) {
                assertThat(last(imap.command("a1", "LOGIN " + user + " " + PASSWORD))).startsWith("a1 OK");
                String message = "From: sender@example.net\r\nSubject: " + SUBJECT + "\r\n\r\nhello\r\n";
                assertThat(last(imap.command("a2", "APPEND INBOX {" + message.getBytes(StandardCharsets.UTF_8).length
                        + "+}\r\n" + message))).startsWith("a2 OK");
            }
        }
    }

    @AfterAll
    static void stopDovecot() {
        if (dovecot != null) {
            dovecot.close();
        }
    }

    private PosternUnderTest.Builder postern(String user) {
        return PosternUnderTest.builder(posternDir, user, dovecot.masterUser(), dovecot.masterPassword())
                .protocol(Scope.POP3)
                .upstream(dovecot.pop3Port(), "starttls")
                .trust(dovecot.certificatePem());
    }

    @Test
    void shouldReadTheUsersMailboxAsMasterOverImplicitTls() throws Exception {
        try (PosternUnderTest postern = postern(CAROL).start()) {
            List<String> subjects = Pop3Subjects.read(postern.implicitTlsPort(), true, postern.clientSslContext(),
                    CLIENT_ADDRESS, CAROL, postern.appPassword());

            assertThat(subjects).contains(SUBJECT);
        }
        String login = DovecotMailbox.awaitLogLine(dovecot, line -> line.contains("pop3-login: Info: Login: user=<"
                + CAROL + ">"));
        assertThat(login).contains("method=PLAIN").contains("rip=127.0.0.1,").contains("TLS");
        assertThat(dovecot.mailDir(dovecot.masterUser())).doesNotExist();
    }

    @Test
    void shouldForwardTheClientAddressByXclientAfterStls() throws Exception {
        try (PosternUnderTest postern = postern(DAVE).forwardClientIp(true).start()) {
            List<String> subjects = Pop3Subjects.read(postern.startTlsPort(), false, postern.clientSslContext(),
                    CLIENT_ADDRESS, DAVE, postern.appPassword());

            assertThat(subjects).contains(SUBJECT);
        }
        String login = DovecotMailbox.awaitLogLine(dovecot, line -> line.contains("pop3-login: Info: Login: user=<"
                + DAVE + ">"));
        assertThat(login).contains("method=PLAIN").contains("rip=" + CLIENT_ADDRESS + ",");
    }

    private static String last(List<String> lines) {
        return lines.get(lines.size() - 1);
    }
}
