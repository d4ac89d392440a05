package dev.postern.server.hostile;

import static dev.postern.server.hostile.HostileGateway.FAILURE_DELAY;
import static dev.postern.server.hostile.HostileGateway.HANDSHAKE_TIMEOUT;
import static dev.postern.server.hostile.HostileGateway.LONG_USER;
import static dev.postern.server.hostile.HostileGateway.PRE_AUTH_TIMEOUT;
import static dev.postern.server.hostile.HostileGateway.USER;
import static dev.postern.server.hostile.WellBehavedClients.assertSmtpStillServes;
import static dev.postern.server.hostile.WellBehavedClients.b64;
import static dev.postern.server.hostile.WellBehavedClients.plain;
import static dev.postern.server.hostile.WellBehavedClients.smtp;
import static dev.postern.server.hostile.WellBehavedClients.smtpReply;
import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.server.imap.RawImapClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile input on real sockets, SMTP side: each case asserts the exact reply and, afterwards, that a
 * well-behaved client still logs in and is served (LeakGuard checks buffers after each test).
 */
class SmtpHostileIT {

    private static final String GREETING = "220 localhost ESMTP";
    private static final String AUTH_OK = "235 2.7.0 Authentication successful";
    private static final String AUTH_INVALID = "535 5.7.8 Authentication credentials invalid";
    private static final String BAD_BASE64 = "501 5.5.2 Cannot decode the response";
    private static final String SYNTAX_ERROR = "500 5.5.2 Syntax error";
    private static final String LINE_TOO_LONG = "500 5.5.6 Line too long";
    private static final String TOO_MANY_ERRORS = "421 4.7.0 localhost Too many errors, closing connection";

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
        assertSmtpStillServes(gateway);
    }

    /** Implicit TLS, greeted, EHLO done. */
    private static RawImapClient implicit() throws IOException {
        RawImapClient client = RawImapClient.connectTls(gateway.smtpImplicitPort(), gateway.clientTls());
        assertThat(client.greeting()).isEqualTo(GREETING);
        assertThat(smtp(client, "EHLO hostile.test")).last().asString().startsWith("250 ");
        return client;
    }

    private static byte[] octets(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    // --- STARTTLS and TLS ----------------------------------------------------------------------

    @Test
    void shouldNotExecuteAnAuthPipelinedBehindStartTlsInTheSamePacket() throws IOException {
        try (RawImapClient client = RawImapClient.connectPlain(gateway.smtpStartTlsPort())) {
            smtp(client, "EHLO hostile.test");
            client.write("STARTTLS\r\nAUTH PLAIN " + plain("", USER, gateway.appPassword()) + "\r\n");
            assertThat(client.readLine()).isEqualTo("220 2.0.0 Ready to start TLS");

            client.upgrade(gateway.clientTls());

            assertThat(smtp(client, "EHLO hostile.test")).last().asString().isEqualTo("250 AUTH PLAIN LOGIN");
            assertThat(smtp(client, "MAIL FROM:<" + USER + ">")).containsExactly("530 5.7.0 Authentication required");
        }
    }

    @Test
    void shouldCloseWhenPlaintextFollowsStartTlsBeforeTheClientHello() throws IOException {
        try (RawImapClient client = RawImapClient.connectPlain(gateway.smtpStartTlsPort())) {
            smtp(client, "EHLO hostile.test");
            assertThat(smtp(client, "STARTTLS")).containsExactly("220 2.0.0 Ready to start TLS");

            client.write("AUTH PLAIN " + plain("", USER, gateway.appPassword()) + "\r\n");

            assertThat(client.readUntilClosed()).noneMatch(line -> line.startsWith("235") || line.startsWith("535"));
        }
    }

    @Test
    void shouldAnswer500ToAClientHelloOnTheStartTlsListenerAndCloseAfterThree() throws IOException {
        byte[] hello = ClientHello.firstLine();
        try (RawImapClient client = RawImapClient.connectPlain(gateway.smtpStartTlsPort())) {
            ByteArrayOutputStream three = new ByteArrayOutputStream();
            for (int i = 0; i < 3; i++) {
                three.write(hello);
                three.write('\r');
                three.write('\n');
            }
            client.write(three.toByteArray());

            assertThat(client.readUntilClosed()).containsExactly(SYNTAX_ERROR, SYNTAX_ERROR, SYNTAX_ERROR, TOO_MANY_ERRORS);
        }
    }

    @Test
    void shouldCloseAClientHelloWaitingOnTheStartTlsListenerAtThePreAuthTimeout() throws IOException {
        try (RawImapClient client = RawImapClient.connectPlain(gateway.smtpStartTlsPort())) {
            client.write(ClientHello.firstLine());

            assertThat(client.readUntilClosed()).containsExactly("421 4.4.2 localhost Timeout, closing connection");
        }
    }

    @Test
    void shouldClosePlaintextOnTheImplicitTlsListener() throws IOException {
        try (Socket socket = PlainSockets.connect(gateway.smtpImplicitPort())) {
            socket.getOutputStream().write(octets("EHLO hostile.test\r\nAUTH PLAIN =\r\n"));

            PlainSockets.Closed closed = PlainSockets.readUntilClosed(socket);

            assertThat(new String(closed.received(), StandardCharsets.ISO_8859_1)).doesNotContain("220", "250", "334");
        }
    }

    @Test
    void shouldCloseAStalledHandshakeAfterTheHandshakeTimeout() throws IOException {
        try (Socket socket = PlainSockets.connect(gateway.smtpImplicitPort())) {
            PlainSockets.Closed closed = PlainSockets.readUntilClosed(socket);

            // nothing but TLS alerts: the JDK's engine sends one, BoringSSL closes silently before a ClientHello
            assertThat(PlainSockets.tlsRecordTypes(closed.received())).allMatch(type -> type == PlainSockets.TLS_ALERT);
            assertThat(closed.after()).isGreaterThanOrEqualTo(HANDSHAKE_TIMEOUT.minusMillis(100)).isLessThan(PRE_AUTH_TIMEOUT);
        }
    }

    // --- bounds ----------------------------------------------------------------------------------

    @Test
    void shouldRefuseAOneMegabyteLineWithoutCrlfAndNeverReadItsRest() throws IOException {
        try (RawImapClient client = implicit()) {
            byte[] megabyte = new byte[1 << 20];
            Arrays.fill(megabyte, (byte) 'x');
            client.write(megabyte);
            assertThat(client.readLine()).isEqualTo(LINE_TOO_LONG);

            // the end of the long line looks like a command: it is discarded with the rest of the line
            client.write("QUIT\r\nNOOP\r\n");

            assertThat(smtpReply(client)).containsExactly("250 2.0.0 OK");
            assertThat(smtp(client, "NOOP")).containsExactly("250 2.0.0 OK");
        }
    }

    @Test
    void shouldRefuseBdatBeforeLoginAndNeverExecuteItsChunk() throws IOException {
        try (RawImapClient client = implicit()) {
            // the 12 chunk octets look like two commands
            client.write("BDAT 12 LAST\r\nQUIT\r\nNOOP\r\n");
            assertThat(client.readLine()).isEqualTo("530 5.7.0 Authentication required");

            assertThat(smtp(client, "NOOP")).containsExactly("250 2.0.0 OK");
            assertThat(smtp(client, "RSET")).as("exactly one reply to the NOOP: still in step")
                    .containsExactly("250 2.0.0 OK");
        }
    }

    @Test
    void shouldCloseAtABdatChunkTooLargeToSkipBeforeLogin() throws IOException {
        try (RawImapClient client = implicit()) {
            client.write("BDAT 104857600 LAST\r\nNOOP\r\n");

            assertThat(client.readUntilClosed())
                    .containsExactly("552 5.3.4 localhost Chunk too large before authentication, closing connection");
        }
    }

    // --- lines and user names ----------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"NO\0OP", "NO\rOP", "AUTH PLAIN AGFsaWNl\0AHNlY3JldA=="})
    void shouldRefuseNulAndBareCrInCommandLines(String line) throws IOException {
        try (RawImapClient client = implicit()) {
            assertThat(smtp(client, line)).containsExactly(SYNTAX_ERROR);
            assertThat(smtp(client, "NOOP")).containsExactly("250 2.0.0 OK");
        }
    }

    @Test
    void shouldTreatABareLfAsALineEnd() throws IOException {
        try (RawImapClient client = implicit()) {
            client.write("NOOP\nNOOP\r\n");

            assertThat(client.readLine()).isEqualTo("250 2.0.0 OK");
            assertThat(client.readLine()).isEqualTo("250 2.0.0 OK");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"62ff62406578616d706c652e74657374", "62c0af62406578616d706c652e74657374",
        "62eda08062406578616d706c652e74657374"})
    void shouldRefuseUserNamesThatAreNotUtf8AtOnce(String userHex) throws IOException {
        byte[] user = HexFormat.of().parseHex(userHex);
        try (AuditCapture audit = new AuditCapture(); RawImapClient client = implicit()) {
            assertThat(smtp(client, "AUTH LOGIN " + b64(user))).containsExactly(BAD_BASE64);
            ByteArrayOutputStream payload = new ByteArrayOutputStream();
            payload.write(0);
            payload.write(user);
            payload.write(octets("\0" + gateway.appPassword()));
            assertThat(smtp(client, "AUTH PLAIN " + b64(payload.toByteArray()))).containsExactly(BAD_BASE64);
            assertThat(audit.logins()).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"b\u0001b@example.test", "b\u001bb@example.test", "b\u0085b@example.test", "b\u200eb@example.test"})
    void shouldRefuseUserNamesWithControlCharactersAfterTheDelayWithoutHashing(String user) throws IOException {
        try (AuditCapture audit = new AuditCapture(); RawImapClient client = implicit()) {
            long sent = System.nanoTime();

            assertThat(smtp(client, "AUTH PLAIN " + plain("", user, gateway.appPassword()))).containsExactly(AUTH_INVALID);
            assertThat(Duration.ofNanos(System.nanoTime() - sent)).isGreaterThanOrEqualTo(FAILURE_DELAY);
            assertThat(audit.logins()).singleElement().asString().contains("\"reason\":\"malformed\"");
        }
    }

    // --- SASL --------------------------------------------------------------------------------------

    @Test
    void shouldRefuseInvalidBase64OfSeveralShapesAndCloseAfterThree() throws IOException {
        try (AuditCapture audit = new AuditCapture(); RawImapClient client = implicit()) {
            assertThat(smtp(client, "AUTH PLAIN AGFsaWNl!HNlY3JldA==")).containsExactly(BAD_BASE64);
            assertThat(smtp(client, "AUTH LOGIN")).containsExactly("334 VXNlcm5hbWU6");
            assertThat(smtp(client, "YWxpY2U")).containsExactly(BAD_BASE64);
            assertThat(smtp(client, "AUTH PLAIN")).containsExactly("334 ");
            client.sendLine("AGFs aWNl AHNl Y3Jl dA==");

            assertThat(client.readUntilClosed()).containsExactly(BAD_BASE64, TOO_MANY_ERRORS);
            assertThat(audit.logins()).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"YWxpY2VAZXhhbXBsZS50ZXN0", "AGFsaWNlQGV4YW1wbGUudGVzdA==", "YWxpY2VAZXhhbXBsZS50ZXN0AA==",
        "AABzZWNyZXQ=", "AGFsaWNlQGV4YW1wbGUudGVzdAA=", "AAA=", "AGJvYgBzZQBjcmV0", "YWxpY2UAAA==", "AGJvYgBzZWNyZXR=", "="})
    void shouldRefuseMalformedPlainPayloadsAtOnce(String payload) throws IOException {
        try (AuditCapture audit = new AuditCapture(); RawImapClient client = implicit()) {
            long sent = System.nanoTime();

            assertThat(smtp(client, "AUTH PLAIN " + payload)).containsExactly(BAD_BASE64);
            assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(FAILURE_DELAY);
            assertThat(audit.logins()).isEmpty();
        }
    }

    @Test
    void shouldRefuseAnAuthzidThatIsNotTheAuthcid() throws IOException {
        try (AuditCapture audit = new AuditCapture(); RawImapClient client = implicit()) {
            assertThat(smtp(client, "AUTH PLAIN " + plain(LONG_USER, USER, gateway.appPassword())))
                    .containsExactly(AUTH_INVALID);
            assertThat(audit.logins()).singleElement().asString().contains("\"reason\":\"authzid_mismatch\"");
        }
    }

    @Test
    void shouldLogInWith255OctetFieldsEndToEnd() throws IOException {
        String password = gateway.longUserAppPassword();
        password = password + "-".repeat(255 - password.length());
        try (RawImapClient client = implicit()) {
            assertThat(smtp(client, "AUTH LOGIN " + b64(octets(LONG_USER)))).containsExactly("334 UGFzc3dvcmQ6");

            assertThat(smtp(client, b64(octets(password)))).containsExactly(AUTH_OK);
            assertThat(smtp(client, "NOOP")).last().asString().startsWith("250");
        }
    }

    @Test
    void shouldRefuseKibibyteFieldsBeforeHashing() throws IOException {
        try (AuditCapture audit = new AuditCapture(); RawImapClient client = implicit()) {
            long sent = System.nanoTime();
            // 8 KiB password: the line fits 12288 octets, the SASL bound does not
            assertThat(smtp(client, "AUTH PLAIN " + plain("", USER, "p".repeat(8 * 1024)))).containsExactly(BAD_BASE64);
            // 10 KiB password: over the line bound
            assertThat(smtp(client, "AUTH PLAIN " + plain("", USER, "p".repeat(10 * 1024)))).containsExactly(LINE_TOO_LONG);

            assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(FAILURE_DELAY);
            assertThat(audit.logins()).isEmpty();
        }
    }

    @Test
    void shouldCloseWith421AfterThreeFailedLogins() throws IOException {
        try (RawImapClient client = implicit()) {
            assertThat(smtp(client, "AUTH PLAIN " + plain("", USER, "wrong-1"))).containsExactly(AUTH_INVALID);
            assertThat(smtp(client, "AUTH LOGIN " + b64(octets(USER)))).containsExactly("334 UGFzc3dvcmQ6");
            assertThat(smtp(client, b64(octets("wrong-2")))).containsExactly(AUTH_INVALID);
            client.sendLine("AUTH PLAIN " + plain("", USER, "wrong-3"));

            assertThat(client.readUntilClosed()).containsExactly(AUTH_INVALID,
                    "421 4.7.0 localhost Too many authentication failures, closing connection");
        }
    }
}
