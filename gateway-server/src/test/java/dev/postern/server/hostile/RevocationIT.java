package dev.postern.server.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.core.account.AccountService;
import dev.postern.core.auth.hash.Argon2Params;
import dev.postern.core.auth.hash.PasswordHashes;
import dev.postern.core.seal.SecretSealer;
import dev.postern.core.session.RevocationWatch;
import dev.postern.core.store.Scope;
import dev.postern.core.store.sqlite.SqliteStore;
import dev.postern.core.testing.TestSecrets;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Revocation reaches live sessions (issue 15, one host): an IMAP session in IDLE, an SMTP session
 * after AUTH (also in the middle of DATA) and a POP3 session after PASS hear their protocol's closing
 * line and are closed when the app password they logged in with is revoked (in the gateway, or by
 * another process on the same SQLite file, as the command line does) or their user is removed or
 * suspended; a
 * session of the same user with another app password goes on. Each closure is one
 * {@code session_closed} audit line and one {@code postern_sessions_closed_total{cause="revoked"}}.
 */
class RevocationIT {

    private static final String USER = HostileGateway.USER;
    private static final String BYE = "* BYE [UNAVAILABLE] Access revoked.";
    private static final String SMTP_421 = "421 4.7.0 localhost Access revoked, closing connection";
    private static final String POP3_ERR = "-ERR [AUTH] Access revoked.";
    /** In the gateway the closure is immediate; this bound only absorbs a slow test machine. */
    private static final Duration AT_ONCE = Duration.ofSeconds(2);
    /** The promise for another process is 1 s; asserted with slack for a loaded machine. */
    private static final Duration FROM_ELSEWHERE = Duration.ofSeconds(3);

    @TempDir
    java.nio.file.Path dir;

    private HostileGateway postern;
    private AuditCapture audit;
    private final List<Socket> sockets = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        postern = new HostileGateway(dir);
        audit = new AuditCapture();
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
        audit.close();
        postern.close();
    }

    @Test
    void shouldCloseImapIdleSmtpAndPop3SessionsAtOnceWhenTheAppPasswordIsRevokedInTheGateway() throws Exception {
        AccountService.Created created = create(postern.gateway().accounts());
        Line imap = imapIdle(created.password());
        Line smtp = smtpAfterAuth(created.password());
        Line pop3 = pop3AfterPass(created.password());
        Line other = imapLoggedIn(postern.appPassword());
        double before = closedRevoked();

        long start = System.nanoTime();
        postern.gateway().accounts().revoke(created.record().id());

        assertClosedWith(imap, BYE, AT_ONCE, start);
        assertClosedWith(smtp, SMTP_421, AT_ONCE, start);
        assertClosedWith(pop3, POP3_ERR, AT_ONCE, start);
        assertStillWorking(other);
        assertAudited(created.record().id(), "revoked", 3);
        assertThat(closedRevoked() - before).isEqualTo(3);
        assertThat(postern.gateway().sessions().size()).as("only the other session is left").isEqualTo(1);
    }

    @Test
    void shouldCloseSessionsWithinASecondWhenTheCommandLineRevokesOnTheSameStoreEvenInTheMiddleOfData() throws Exception {
        try (SqliteStore cliStore = SqliteStore.open(postern.database())) {
            AccountService cli = cli(cliStore);
            AccountService.Created created = create(cli);
            Line imap = imapIdle(created.password());
            Line smtp = smtpInData(created.password());
            Line pop3 = pop3AfterPass(created.password());
            Line other = imapLoggedIn(postern.appPassword());
            Thread.sleep(600); // a few sweeps with these sessions: none of them is closed while its app password is active
            assertStillWorking(other);

            long start = System.nanoTime();
            cli.revoke(created.record().id());

            assertClosedWith(imap, BYE, FROM_ELSEWHERE, start);
            assertClosedWith(smtp, SMTP_421, FROM_ELSEWHERE, start);
            assertClosedWith(pop3, POP3_ERR, FROM_ELSEWHERE, start);
            assertStillWorking(other);
            assertAudited(created.record().id(), "revoked", 3);
        }
    }

    @Test
    void shouldRefuseNewLoginsWithinASecondWhenTheCommandLineRevokesAPasswordWithNoOpenSession() throws Exception {
        try (SqliteStore cliStore = SqliteStore.open(postern.database())) {
            AccountService cli = cli(cliStore);
            AccountService.Created created = create(cli);
            Line first = imapLoggedIn(created.password()); // the user's state is now cached for state-refresh (2 s)
            first.send("z LOGOUT");
            first.readUntil(line -> line.startsWith("z "));

            cli.revoke(created.record().id());
            Thread.sleep(2 * RevocationWatch.PERIOD.toMillis() + 100);

            Line again = open(PlainSockets.connect(postern.imapPlainPort()));
            again.read();
            again.send("a LOGIN " + USER + " " + created.password());
            assertThat(again.readUntil(line -> line.startsWith("a "))).startsWith("a NO [AUTHENTICATIONFAILED]");
        }
    }

    @Test
    void shouldCloseEverySessionOfAUserRemovedByTheCommandLine() throws Exception {
        try (SqliteStore cliStore = SqliteStore.open(postern.database())) {
            AccountService cli = cli(cliStore);
            AccountService.Created created = create(cli);
            Line imap = imapIdle(created.password());
            Line smtp = smtpAfterAuth(created.password());
            Line pop3 = pop3AfterPass(postern.appPassword());

            long start = System.nanoTime();
            cli.removeUser(USER);

            assertClosedWith(imap, BYE, FROM_ELSEWHERE, start);
            assertClosedWith(smtp, SMTP_421, FROM_ELSEWHERE, start);
            assertClosedWith(pop3, POP3_ERR, FROM_ELSEWHERE, start);
            assertAudited(created.record().id(), "user_removed", 3);
            awaitNoSessions();
        }
    }

    @Test
    void shouldCloseTheSessionsThatUsedTheOldUpstreamPasswordWhenTheCommandLineStoresANewOne() throws Exception {
        try (SqliteStore cliStore = SqliteStore.open(postern.database())) {
            Line imap = imapIdle(postern.appPassword());
            Line smtp = smtpAfterAuth(postern.appPassword());
            // the watch reads a new session's state at its next sweep; that first read is the credential the
            // session logged in with (a change within that quarter second goes unseen: see README)
            Thread.sleep(2 * RevocationWatch.PERIOD.toMillis() + 100);

            long start = System.nanoTime();
            cli(cliStore).setUpstreamPassword(USER, postern.upstreamPassword(), SecretSealer.fromKeyFile(postern.keyFile()));

            assertClosedWith(imap, BYE, FROM_ELSEWHERE, start);
            assertClosedWith(smtp, SMTP_421, FROM_ELSEWHERE, start);
            audit.await(line -> line.contains("\"event\":\"session_closed\"")
                    && line.contains("\"reason\":\"upstream_credential_changed\""), 2, AT_ONCE);
            assertStillWorking(imapLoggedIn(postern.appPassword()));
        }
    }

    @Test
    void shouldCloseTheSessionsOfAUserRemovedInTheGateway() throws Exception {
        Line imap = imapIdle(postern.appPassword());

        long start = System.nanoTime();
        postern.gateway().accounts().removeUser(USER);

        assertClosedWith(imap, BYE, AT_ONCE, start);
        audit.await(line -> line.contains("\"event\":\"session_closed\"") && line.contains("\"reason\":\"user_removed\""),
                1, AT_ONCE);
    }

    @Test
    void shouldAcceptAnAppPasswordCreatedByTheCommandLineAtOnce() throws Exception {
        imapLoggedIn(postern.appPassword()); // the user's state is now cached in the gateway
        try (SqliteStore cliStore = SqliteStore.open(postern.database())) {
            AccountService.Created created = create(cli(cliStore));

            Line fresh = imapLoggedIn(created.password());

            assertStillWorking(fresh);
        }
    }

    @Test
    void shouldCloseTheSessionsOfAUserSuspendedByTheCommandLineRefuseThemLikeAWrongPasswordAndResumeAtOnce()
            throws Exception {
        try (SqliteStore cliStore = SqliteStore.open(postern.database())) {
            AccountService cli = cli(cliStore);
            AccountService.Created created = create(cli);
            Line imap = imapIdle(created.password());
            String wrongPassword = imapLoginAnswer(created.password() + "x");

            long start = System.nanoTime();
            cli.suspend(USER);

            assertClosedWith(imap, BYE, FROM_ELSEWHERE, start);
            List<String> closed = audit.await(line -> line.contains("\"event\":\"session_closed\""), 1, AT_ONCE);
            assertThat(closed).singleElement().satisfies(line -> assertThat(line)
                    .contains("\"reason\":\"suspended\"", "\"app_password_id\":\"" + created.record().id() + "\"",
                            "\"protocol\":\"imap\""));
            awaitNoSessions();

            String suspended = imapLoginAnswer(created.password());
            assertThat(suspended).as("refused exactly like a wrong password").isEqualTo(wrongPassword)
                    .startsWith("a NO [AUTHENTICATIONFAILED]");
            audit.await(line -> line.contains("\"event\":\"login\"") && line.contains("\"outcome\":\"rejected\"")
                    && line.contains("\"reason\":\"suspended\""), 1, AT_ONCE);

            cli.resume(USER);

            Line resumed = imapLoggedIn(created.password());
            assertStillWorking(resumed);
        }
    }

    // --- clients ---

    /** A text connection read line by line. */
    private record Line(Socket socket, BufferedReader in, OutputStream out) {
        String read() throws IOException {
            String line = in.readLine();
            if (line == null) {
                throw new AssertionError("connection closed");
            }
            return line;
        }

        void send(String text) throws IOException {
            out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        String readUntil(Function<String, Boolean> last) throws IOException {
            String line;
            do {
                line = read();
            } while (!last.apply(line));
            return line;
        }
    }

    private Line open(Socket socket) throws IOException {
        socket.setSoTimeout(10_000);
        sockets.add(socket);
        return new Line(socket, new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)),
                socket.getOutputStream());
    }

    private Line tls(int port) throws IOException {
        return open(postern.clientTls().getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port));
    }

    private Line imapLoggedIn(String password) throws IOException {
        Line imap = open(PlainSockets.connect(postern.imapPlainPort()));
        imap.read();
        imap.send("a LOGIN " + USER + " " + password);
        assertThat(imap.readUntil(line -> line.startsWith("a "))).startsWith("a OK");
        return imap;
    }

    /** The tagged answer to a LOGIN on a new connection, the connection then closed. */
    private String imapLoginAnswer(String password) throws IOException {
        Line imap = open(PlainSockets.connect(postern.imapPlainPort()));
        imap.read();
        imap.send("a LOGIN " + USER + " " + password);
        String answer = imap.readUntil(line -> line.startsWith("a "));
        imap.socket().close();
        return answer;
    }

    private Line imapIdle(String password) throws IOException {
        Line imap = imapLoggedIn(password);
        imap.send("s SELECT INBOX");
        assertThat(imap.readUntil(line -> line.startsWith("s "))).startsWith("s OK");
        imap.send("i IDLE");
        assertThat(imap.read()).startsWith("+");
        return imap;
    }

    private Line smtpAfterAuth(String password) throws IOException {
        Line smtp = tls(postern.smtpImplicitPort());
        assertThat(smtp.readUntil(line -> line.startsWith("220 "))).startsWith("220 ");
        smtp.send("EHLO client.example");
        smtp.readUntil(line -> line.startsWith("250 "));
        String plain = Base64.getEncoder().encodeToString(("\0" + USER + "\0" + password).getBytes(StandardCharsets.UTF_8));
        smtp.send("AUTH PLAIN " + plain);
        assertThat(smtp.read()).startsWith("235 ");
        return smtp;
    }

    private Line smtpInData(String password) throws IOException {
        Line smtp = smtpAfterAuth(password);
        smtp.send("MAIL FROM:<" + USER + ">");
        assertThat(smtp.read()).startsWith("250");
        smtp.send("RCPT TO:<" + USER + ">");
        assertThat(smtp.read()).startsWith("250");
        smtp.send("DATA");
        assertThat(smtp.read()).startsWith("354");
        smtp.send("Subject: half a message\r\n\r\nThe first lines of a message whose end never comes.");
        return smtp;
    }

    private Line pop3AfterPass(String password) throws IOException {
        Line pop3 = tls(postern.pop3ImplicitPort());
        assertThat(pop3.read()).startsWith("+OK");
        pop3.send("USER " + USER);
        assertThat(pop3.read()).startsWith("+OK");
        pop3.send("PASS " + password);
        assertThat(pop3.read()).startsWith("+OK");
        return pop3;
    }

    // --- accounts ---

    private static AccountService cli(SqliteStore store) {
        return new AccountService(store, new PasswordHashes(Argon2Params.DEFAULT, null, new SecureRandom()),
                new SecureRandom(), InstantSource.system());
    }

    private static AccountService.Created create(AccountService accounts) {
        AccountService.Created created = accounts.create(USER, "to-revoke-" + System.nanoTime(), EnumSet.of(Scope.IMAP, Scope.SMTP, Scope.POP3),
                null);
        TestSecrets.registerPassword(USER, created.password());
        return created;
    }

    // --- assertions ---

    private static void assertClosedWith(Line session, String expected, Duration bound, long since) throws IOException {
        session.socket().setSoTimeout((int) bound.toMillis() + 1000);
        String last = null;
        try {
            for (String line; (line = session.in().readLine()) != null; ) {
                last = line;
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("not closed within " + bound + "; last line: " + last, e);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - since);
        assertThat(last).isEqualTo(expected);
        assertThat(took).as("from the change to the close").isLessThan(bound);
    }

    private static void assertStillWorking(Line imap) throws IOException {
        imap.send("n NOOP");
        assertThat(imap.readUntil(line -> line.startsWith("n "))).startsWith("n OK");
    }

    private void assertAudited(String appPasswordId, String reason, int sessions) throws InterruptedException {
        List<String> lines = audit.await(line -> line.contains("\"event\":\"session_closed\""), sessions, AT_ONCE);
        assertThat(lines).hasSize(sessions).allSatisfy(line -> assertThat(line)
                .contains("\"user\":\"" + USER + "\"", "\"client_ip\":\"127.0.0.1\"", "\"reason\":\"" + reason + "\"")
                .doesNotContain("\"outcome\""));
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("\"app_password_id\":\"" + appPasswordId + "\""));
        assertThat(lines).extracting(line -> line.replaceAll(".*\"protocol\":\"([a-z0-9]+)\".*", "$1"))
                .containsExactlyInAnyOrder(List.of("imap", "smtp", "pop3").subList(0, sessions).toArray(String[]::new));
    }

    /**
     * The registry forgets a session once the server side of its channel has closed, which the client
     * may see (end of stream) a moment before: wait briefly rather than race it.
     */
    private void awaitNoSessions() throws InterruptedException {
        long deadline = System.nanoTime() + AT_ONCE.toNanos();
        while (postern.gateway().sessions().size() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(postern.gateway().sessions().size()).as("live sessions left").isZero();
    }

    private double closedRevoked() throws IOException, InterruptedException {
        return Scrapes.value(postern.gateway().adminAddress(), "postern_sessions_closed_total", "cause", "revoked");
    }
}
