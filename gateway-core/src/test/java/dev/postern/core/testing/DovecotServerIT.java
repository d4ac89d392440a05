package dev.postern.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starts a real Dovecot and checks the logins Postern relies on, over raw sockets. */
class DovecotServerIT {

    private static final AtomicInteger USER_SEQUENCE = new AtomicInteger();

    @TempDir
    static Path workDir;

    private static DovecotServer dovecot;

    @BeforeAll
    static void startDovecot() throws IOException {
        assertThat(DovecotServer.isInstalled()).as(DovecotServer.NOT_INSTALLED).isTrue();
        dovecot = DovecotServer.builder(workDir).user("alice", "alice-secret").start();
    }

    @AfterAll
    static void stopDovecot() {
        if (dovecot != null) {
            dovecot.close();
        }
    }

    @Test
    void shouldLogInUserWithLoginCommand() throws IOException {
        try (ImapTestClient client = ImapTestClient.connect(dovecot.imapPort())) {
            assertThat(client.greeting()).startsWith("* OK");

            List<String> login = client.command("a1", "LOGIN alice alice-secret");
            List<String> select = client.command("a2", "SELECT INBOX");

            assertThat(last(login)).startsWith("a1 OK");
            assertThat(last(select)).startsWith("a2 OK [READ-WRITE]");
        }
    }

    @Test
    void shouldRefuseUserWithWrongPassword() throws IOException {
        try (ImapTestClient client = ImapTestClient.connect(dovecot.imapPort())) {
            List<String> login = client.command("a1", "LOGIN alice wrong-secret");

            assertThat(last(login)).startsWith("a1 NO [AUTHENTICATIONFAILED]");
        }
    }

    @Test
    void shouldOpenUsersMailboxWhenMasterAuthenticatesWithPlainInitialResponse() throws IOException {
        String user = newUser();
        String other = newUser();
        String marker = "initial-response-" + user;
        try (ImapTestClient client = ImapTestClient.connect(dovecot.imapPort())) {
            List<String> auth = client.command("a1",
                    "AUTHENTICATE PLAIN " + plain(user, dovecot.masterUser(), dovecot.masterPassword()));
            List<String> append = client.command("a2", appendCommand(marker));

            assertThat(last(auth)).startsWith("a1 OK");
            assertThat(last(append)).startsWith("a2 OK");
        }
        assertThat(searchSubject(user, marker)).isNotEqualTo("* SEARCH");
        assertThat(searchSubject(other, marker)).isEqualTo("* SEARCH");
        assertThat(dovecot.mailDir(dovecot.masterUser())).doesNotExist();
    }

    @Test
    void shouldOpenUsersMailboxWhenMasterAuthenticatesByContinuation() throws IOException {
        String user = newUser();
        String marker = "continuation-" + user;
        try (ImapTestClient client = ImapTestClient.connect(dovecot.imapPort())) {
            client.sendLine("a1 AUTHENTICATE PLAIN");
            String challenge = client.readLine();
            client.sendLine(plain(user, dovecot.masterUser(), dovecot.masterPassword()));
            List<String> auth = client.readUntilTagged("a1");
            List<String> append = client.command("a2", appendCommand(marker));

            assertThat(challenge).startsWith("+");
            assertThat(last(auth)).startsWith("a1 OK");
            assertThat(last(append)).startsWith("a2 OK");
        }
        assertThat(searchSubject(user, marker)).isNotEqualTo("* SEARCH");
    }

    @Test
    void shouldOpenUsersMailboxWhenMasterLogsInWithSeparator() throws IOException {
        String user = newUser();
        String marker = "separator-" + user;
        try (ImapTestClient client = ImapTestClient.connect(dovecot.imapPort())) {
            List<String> login = client.command("a1", "LOGIN " + user + DovecotConfig.MASTER_USER_SEPARATOR
                    + dovecot.masterUser() + " " + dovecot.masterPassword());
            List<String> append = client.command("a2", appendCommand(marker));

            assertThat(last(login)).startsWith("a1 OK");
            assertThat(last(append)).startsWith("a2 OK");
        }
        assertThat(searchSubject(user, marker)).isNotEqualTo("* SEARCH");
    }

    @Test
    void shouldRefuseMasterWithWrongPassword() throws IOException {
        String user = newUser();
        try (ImapTestClient client = ImapTestClient.connect(dovecot.imapPort())) {
            List<String> auth = client.command("a1",
                    "AUTHENTICATE PLAIN " + plain(user, dovecot.masterUser(), "not-the-master-password"));

            assertThat(last(auth)).startsWith("a1 NO [AUTHENTICATIONFAILED]");
        }
    }

    @Test
    void shouldRefuseMasterImpersonatingUnknownUser() throws IOException {
        try (ImapTestClient client = ImapTestClient.connect(dovecot.imapPort())) {
            List<String> auth = client.command("a1",
                    "AUTHENTICATE PLAIN " + plain("no-such-user", dovecot.masterUser(), dovecot.masterPassword()));

            assertThat(last(auth)).startsWith("a1 NO");
        }
    }

    @Test
    void shouldServeImapsWhenClientTrustsGeneratedCertificate() throws IOException {
        try (ImapTestClient client = ImapTestClient.connectTls(dovecot.imapsPort(), dovecot.clientSslContext())) {
            List<String> login = client.command("a1", "LOGIN alice alice-secret");

            assertThat(client.greeting()).startsWith("* OK");
            assertThat(((SSLSocket) client.socket()).getSession().getProtocol()).startsWith("TLSv1.");
            assertThat(last(login)).startsWith("a1 OK");
        }
        assertThat(Files.readString(dovecot.certificatePem())).startsWith("-----BEGIN CERTIFICATE-----");
    }

    @Test
    void shouldHonourOriginatingIpFromTrustedLoopback() throws IOException {
        String user = newUser();
        try (ImapTestClient client = ImapTestClient.connect(dovecot.imapPort())) {
            List<String> id = client.command("a0", "ID (\"x-originating-ip\" \"192.0.2.77\")");
            List<String> login = client.command("a1", "LOGIN " + user + " " + user + "-secret");

            assertThat(last(id)).startsWith("a0 OK");
            assertThat(last(login)).startsWith("a1 OK");
        }
        String loginLine = dovecot.awaitLogLine(line -> line.contains("user=<" + user + ">") && line.contains("Login"),
                java.time.Duration.ofSeconds(10));
        assertThat(loginLine).contains("rip=192.0.2.77");
    }

    @Test
    void shouldRefuseAddingExistingUser() {
        assertThatThrownBy(() -> dovecot.addUser("alice", "another-secret"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("alice")
                .hasMessageNotContaining("another-secret");
    }

    @Test
    void shouldStopEveryProcessOnClose(@TempDir Path ownDir) throws IOException {
        DovecotServer own = DovecotServer.builder(ownDir).user("dave", "dave-secret").imaps(false).start();
        List<ProcessHandle> processes;
        try (ImapTestClient client = ImapTestClient.connect(own.imapPort())) {
            assertThat(last(client.command("a1", "LOGIN dave dave-secret"))).startsWith("a1 OK");
            processes = own.processes();
            own.close();
        }

        assertThat(processes).hasSizeGreaterThan(3).noneMatch(ProcessHandle::isAlive);
        assertThatThrownBy(() -> new Socket().connect(new InetSocketAddress("127.0.0.1", own.imapPort()), 1_000))
                .isInstanceOf(ConnectException.class);
    }

    @Test
    void shouldStartInNestedWorkDirWhosePathIsTooLongForSockets(@TempDir Path ownDir) throws IOException {
        Path nested = ownDir.resolve("nested").resolve("a-folder-name-long-enough-to-push-sockets-past-the-limit");
        assertThat(nested.resolve("run").toString()).hasSizeGreaterThan(70);

        try (DovecotServer own = DovecotServer.builder(nested).user("erin", "erin-secret").imaps(false).start();
                ImapTestClient client = ImapTestClient.connect(own.imapPort())) {
            List<String> login = client.command("a1", "LOGIN erin erin-secret");
            List<String> select = client.command("a2", "SELECT INBOX");

            assertThat(last(login)).startsWith("a1 OK");
            assertThat(last(select)).startsWith("a2 OK");
            assertThat(own.mailDir("erin")).isDirectory();
        }
    }

    @Test
    void shouldReportLogTailWithoutSecretsWhenDovecotCannotStart(@TempDir Path ownDir) {
        Path missing = ownDir.resolve("missing");
        DovecotServer.Builder builder = DovecotServer.builder(ownDir)
                .masterUser("gateway", "master-secret-123")
                .certificate(missing.resolve("cert.pem"), missing.resolve("key.pem"));

        assertThatThrownBy(builder::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Dovecot exited during startup")
                .hasMessageContaining(missing.resolve("cert.pem").toString())
                .hasMessageNotContaining("master-secret-123");
    }

    private static String newUser() throws IOException {
        String user = "user" + USER_SEQUENCE.incrementAndGet();
        dovecot.addUser(user, user + "-secret");
        return user;
    }

    /** Logs in as {@code user} itself and returns the untagged SEARCH line for {@code subject}. */
    private static String searchSubject(String user, String subject) throws IOException {
        try (ImapTestClient client = ImapTestClient.connect(dovecot.imapPort())) {
            assertThat(last(client.command("s1", "LOGIN " + user + " " + user + "-secret"))).startsWith("s1 OK");
            assertThat(last(client.command("s2", "SELECT INBOX"))).startsWith("s2 OK");
            List<String> search = client.command("s3", "SEARCH SUBJECT " + subject);
            assertThat(last(search)).startsWith("s3 OK");
            return search.stream().filter(line -> line.startsWith("* SEARCH")).findFirst().orElseThrow();
        }
    }

    private static String appendCommand(String subject) {
        String message = "Subject: " + subject + "\r\n\r\nhello\r\n";
        return "APPEND INBOX {" + message.getBytes(StandardCharsets.UTF_8).length + "+}\r\n" + message;
    }

    private static String plain(String authzid, String authcid, String password) {
        String payload = authzid + "\0" + authcid + "\0" + password;
        return Base64.getEncoder().encodeToString(payload.getBytes(StandardCharsets.UTF_8));
    }

    private static String last(List<String> lines) {
        return lines.get(lines.size() - 1);
    }
}
