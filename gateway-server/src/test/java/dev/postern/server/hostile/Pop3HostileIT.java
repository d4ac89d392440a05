package dev.postern.server.hostile;

import static dev.postern.server.hostile.HostileGateway.FAILURE_DELAY;
import static dev.postern.server.hostile.HostileGateway.LONG_USER;
import static dev.postern.server.hostile.HostileGateway.USER;
import static dev.postern.server.hostile.WellBehavedClients.assertPop3StillServes;
import static dev.postern.server.hostile.WellBehavedClients.b64;
import static dev.postern.server.hostile.WellBehavedClients.plain;
import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.server.imap.RawImapClient;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile input on real sockets, POP3 side: each case asserts the exact reply and, afterwards, that
 * a well-behaved client still logs in and is served (LeakGuard checks buffers after each test).
 * Also the protocol contract's proof: the audit log and the metrics carry {@code pop3} with no
 * POP3 code in them.
 */
class Pop3HostileIT {

    private static final String GREETING = "+OK Postern POP3 ready.";
    private static final String REFUSED = "-ERR [AUTH] Authentication failed.";
    private static final String LOGGED_IN = "+OK Logged in.";
    private static final String LINE_TOO_LONG = "-ERR Line too long.";
    private static final String TOO_MANY_BAD = "-ERR Too many bad commands, closing connection.";

    @TempDir
    static Path folder;
    static HostileGateway gateway;

    @BeforeAll
    static void start() throws IOException {
        gateway = new HostileGateway(folder);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @AfterEach
    void othersAreStillServed() throws IOException {
        assertPop3StillServes(gateway);
    }

    private static RawImapClient implicit() throws IOException {
        RawImapClient client = RawImapClient.connectTls(gateway.pop3ImplicitPort(), gateway.clientTls());
        assertThat(client.greeting()).isEqualTo(GREETING);
        return client;
    }

    private static String pop3(RawImapClient client, String line) throws IOException {
        client.sendLine(line);
        return client.readLine();
    }

    /** A multi-line answer without its terminating dot. */
    private static List<String> multiLine(RawImapClient client, String line) throws IOException {
        client.sendLine(line);
        List<String> lines = new java.util.ArrayList<>();
        for (String next = client.readLine(); !next.equals("."); next = client.readLine()) {
            lines.add(next);
        }
        return lines;
    }

    // --- STLS ------------------------------------------------------------------------------------

    @Test
    void shouldOfferNoLoginBeforeStlsAndRefuseUserThere() throws IOException {
        try (RawImapClient client = RawImapClient.connectPlain(gateway.pop3StartTlsPort())) {
            assertThat(client.greeting()).isEqualTo(GREETING);

            List<String> capabilities = multiLine(client, "CAPA");

            assertThat(capabilities).contains("STLS").doesNotContain("USER", "SASL PLAIN LOGIN");
            assertThat(pop3(client, "USER " + USER)).isEqualTo("-ERR [AUTH] TLS required: use STLS first.");
        }
    }

    @Test
    void shouldNotExecuteALoginPipelinedBehindStlsInTheSamePacket() throws IOException {
        try (RawImapClient client = RawImapClient.connectPlain(gateway.pop3StartTlsPort())) {
            client.greeting();
            client.write("STLS\r\nUSER " + USER + "\r\nPASS " + gateway.appPassword() + "\r\nSTAT\r\n");
            assertThat(client.readLine()).isEqualTo("+OK Begin TLS negotiation.");

            client.upgrade(gateway.clientTls());

            assertThat(multiLine(client, "CAPA")).contains("USER", "SASL PLAIN LOGIN").doesNotContain("STLS");
            assertThat(pop3(client, "STAT")).isEqualTo("-ERR Not logged in: use USER/PASS or AUTH first.");
        }
    }

    @Test
    void shouldClosePlaintextOnTheImplicitTlsListener() throws IOException {
        try (Socket socket = PlainSockets.connect(gateway.pop3ImplicitPort())) {
            socket.getOutputStream().write(("USER " + USER + "\r\nPASS x\r\n").getBytes(StandardCharsets.US_ASCII));

            PlainSockets.Closed closed = PlainSockets.readUntilClosed(socket);

            assertThat(new String(closed.received(), StandardCharsets.ISO_8859_1)).doesNotContain("+OK", "-ERR");
        }
    }

    // --- bounds ----------------------------------------------------------------------------------

    @Test
    void shouldRefuseAOneMegabyteLineWithoutCrlfAndStayInStep() throws IOException {
        try (RawImapClient client = implicit()) {
            byte[] megabyte = new byte[1 << 20];
            Arrays.fill(megabyte, (byte) 'x');
            client.write(megabyte);
            assertThat(client.readLine()).isEqualTo(LINE_TOO_LONG);

            // the end of the long line looks like a command: it is discarded with the rest of the line
            client.write("QUIT\r\nUSER " + USER + "\r\n");

            assertThat(client.readLine()).isEqualTo("+OK Send PASS.");
            assertThat(pop3(client, "PASS " + gateway.appPassword())).isEqualTo(LOGGED_IN);
        }
    }

    @Test
    void shouldCloseAfterThreeBadCommands() throws IOException {
        try (RawImapClient client = implicit()) {
            client.write("APOP " + USER + " c4c9334bac560ecc979e58001b3e22fb\r\nRETR 1\r\nXYZZY\r\nCAPA\r\n");

            assertThat(client.readUntilClosed()).containsExactly("-ERR APOP is not supported: use USER/PASS or AUTH.",
                    "-ERR Not logged in: use USER/PASS or AUTH first.", TOO_MANY_BAD);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"US\0ER alice", "USER al\rice"})
    void shouldRefuseNulAndBareCrInCommandLines(String line) throws IOException {
        try (RawImapClient client = implicit()) {
            assertThat(pop3(client, line)).isEqualTo("-ERR Invalid command line.");
            assertThat(pop3(client, "USER " + USER)).isEqualTo("+OK Send PASS.");
        }
    }

    @Test
    void shouldRefuseAnAuthzidThatIsNotTheAuthcidLikeAWrongPassword() throws IOException {
        try (RawImapClient client = implicit()) {
            long started = System.nanoTime();

            assertThat(pop3(client, "AUTH PLAIN " + plain("bob@example.test", USER, gateway.appPassword())))
                    .isEqualTo(REFUSED);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(FAILURE_DELAY.minusMillis(50));
        }
    }

    @Test
    void shouldLogInWith255OctetUserNameByAuthLoginContinuations() throws IOException {
        try (RawImapClient client = implicit()) {
            assertThat(pop3(client, "AUTH LOGIN")).startsWith("+ ");
            assertThat(pop3(client, b64(LONG_USER.getBytes(StandardCharsets.UTF_8)))).startsWith("+ ");

            assertThat(pop3(client, b64(gateway.longUserAppPassword().getBytes(StandardCharsets.UTF_8))))
                    .isEqualTo(LOGGED_IN);
            assertThat(pop3(client, "STAT")).matches("\\+OK \\d+ \\d+");
        }
    }

    @Test
    void shouldEndWithTheThirdRefusalAfterThreeFailedLogins() throws IOException {
        try (RawImapClient client = implicit()) {
            for (int i = 0; i < 2; i++) {
                assertThat(pop3(client, "USER " + USER)).startsWith("+OK");
                assertThat(pop3(client, "PASS wrong-" + i)).isEqualTo(REFUSED);
            }
            assertThat(pop3(client, "USER " + USER)).startsWith("+OK");
            client.sendLine("PASS wrong-2");

            assertThat(client.readUntilClosed()).containsExactly(REFUSED);
        }
    }

    // --- the contract's proof: audit log and metrics carry the protocol label --------------------

    @Test
    void shouldAuditAndCountPop3LoginsUnderTheirOwnLabel() throws Exception {
        try (AuditCapture audit = new AuditCapture()) {
            double before = Scrapes.value(gateway.gateway().adminAddress(), "postern_login_attempts_total",
                    "protocol", "pop3", "outcome", "rejected");
            try (RawImapClient client = implicit()) {
                assertThat(pop3(client, "USER " + USER)).startsWith("+OK");
                assertThat(pop3(client, "PASS not-the-app-password")).isEqualTo(REFUSED);
            }

            List<String> lines = audit.await(line -> line.contains("\"protocol\":\"pop3\""), 1, Duration.ofSeconds(5));

            assertThat(lines.get(0)).contains("\"outcome\":\"rejected\"", "\"reason\":\"wrong_password\"",
                    "\"mechanism\":\"login\"", "\"client_ip\":\"127.0.0.1\"");
            assertThat(Scrapes.value(gateway.gateway().adminAddress(), "postern_login_attempts_total",
                    "protocol", "pop3", "outcome", "rejected")).isEqualTo(before + 1);
        }
    }
}
