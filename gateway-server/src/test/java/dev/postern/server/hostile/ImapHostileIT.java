package dev.postern.server.hostile;

import static dev.postern.server.hostile.HostileGateway.FAILURE_DELAY;
import static dev.postern.server.hostile.HostileGateway.HANDSHAKE_TIMEOUT;
import static dev.postern.server.hostile.HostileGateway.LONG_USER;
import static dev.postern.server.hostile.HostileGateway.PRE_AUTH_TIMEOUT;
import static dev.postern.server.hostile.HostileGateway.USER;
import static dev.postern.server.hostile.WellBehavedClients.assertImapStillServes;
import static dev.postern.server.hostile.WellBehavedClients.b64;
import static dev.postern.server.hostile.WellBehavedClients.plain;
import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.server.imap.RawImapClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile input on real sockets, IMAP side: each case asserts the exact reply and, afterwards, that a
 * well-behaved client still logs in and is served (LeakGuard checks buffers after each test).
 */
class ImapHostileIT {

    private static final String AUTH_FAILED = " NO [AUTHENTICATIONFAILED] Authentication failed.";
    private static final String INVALID_SASL = " BAD Invalid SASL response.";
    private static final String NOT_VALID_BEFORE_LOGIN = " BAD Command unknown or not valid before login.";

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
        assertImapStillServes(gateway);
    }

    private static RawImapClient implicit() throws IOException {
        return RawImapClient.connectTls(gateway.imapImplicitPort(), gateway.clientTls());
    }

    private static byte[] octets(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    // --- STARTTLS and TLS ----------------------------------------------------------------------

    @Test
    void shouldNotExecuteALoginPipelinedBehindStartTlsInTheSamePacket() throws IOException {
        try (RawImapClient client = RawImapClient.connectPlain(gateway.imapStartTlsPort())) {
            client.write("a STARTTLS\r\nb LOGIN " + USER + " " + gateway.appPassword() + "\r\n");
            assertThat(client.readLine()).isEqualTo("a OK Begin TLS negotiation now.");

            client.upgrade(gateway.clientTls());

            assertThat(client.command("c", "NOOP")).containsExactly("c OK NOOP completed.");
            assertThat(client.command("d", "SELECT INBOX")).containsExactly("d" + NOT_VALID_BEFORE_LOGIN);
        }
    }

    @Test
    void shouldCloseWhenPlaintextFollowsStartTlsBeforeTheClientHello() throws IOException {
        try (RawImapClient client = RawImapClient.connectPlain(gateway.imapStartTlsPort())) {
            client.write("a STARTTLS\r\n");
            assertThat(client.readLine()).isEqualTo("a OK Begin TLS negotiation now.");

            // a later packet, in clear, before any ClientHello
            client.write("b LOGIN " + USER + " " + gateway.appPassword() + "\r\n");

            assertThat(client.readUntilClosed()).noneMatch(line -> line.contains("b OK") || line.contains("b NO"));
        }
    }

    @Test
    void shouldAnswerBadToAClientHelloOnTheStartTlsListenerAndCloseAfterThree() throws IOException {
        byte[] hello = ClientHello.firstLine();
        try (RawImapClient client = RawImapClient.connectPlain(gateway.imapStartTlsPort())) {
            ByteArrayOutputStream three = new ByteArrayOutputStream();
            for (int i = 0; i < 3; i++) {
                three.write(hello);
                three.write('\r');
                three.write('\n');
            }
            client.write(three.toByteArray());

            assertThat(client.readUntilClosed()).containsExactly(
                    "* BAD NUL octet", "* BAD NUL octet", "* BAD NUL octet", "* BYE Too many invalid commands.");
        }
    }

    @Test
    void shouldCloseAClientHelloWaitingOnTheStartTlsListenerAtThePreAuthTimeout() throws IOException {
        try (RawImapClient client = RawImapClient.connectPlain(gateway.imapStartTlsPort())) {
            client.write(ClientHello.firstLine());

            assertThat(client.readUntilClosed()).containsExactly("* BYE Disconnected for inactivity.");
        }
    }

    @Test
    void shouldClosePlaintextOnTheImplicitTlsListener() throws IOException {
        try (Socket socket = PlainSockets.connect(gateway.imapImplicitPort())) {
            socket.getOutputStream().write(octets("a CAPABILITY\r\nb LOGIN " + USER + " x\r\n"));

            PlainSockets.Closed closed = PlainSockets.readUntilClosed(socket);

            assertThat(new String(closed.received(), StandardCharsets.ISO_8859_1)).doesNotContain("OK", "BAD", "NO ");
        }
    }

    @Test
    void shouldCloseAStalledHandshakeAfterTheHandshakeTimeout() throws IOException {
        try (Socket socket = PlainSockets.connect(gateway.imapImplicitPort())) {
            PlainSockets.Closed closed = PlainSockets.readUntilClosed(socket);

            // nothing but TLS alerts: the JDK's engine sends one, BoringSSL closes silently before a ClientHello
            assertThat(PlainSockets.tlsRecordTypes(closed.received())).allMatch(type -> type == PlainSockets.TLS_ALERT);
            assertThat(closed.after()).isGreaterThanOrEqualTo(HANDSHAKE_TIMEOUT.minusMillis(100)).isLessThan(PRE_AUTH_TIMEOUT);
        }
    }

    // --- bounds ----------------------------------------------------------------------------------

    @Test
    void shouldSayByeToAOneMegabyteLineWithoutCrlf() throws Exception {
        try (RawImapClient client = implicit()) {
            byte[] megabyte = new byte[1 << 20];
            Arrays.fill(megabyte, (byte) 'x');
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    client.write(megabyte);
                } catch (IOException closedMeanwhile) {
                    // the server closes long before the last byte
                }
            });

            assertThat(client.readUntilClosed()).containsExactly("* BYE line too long");
            writer.get();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"{4294967296}", "{4294967296+}", "{99999999999999999999}", "{18446744073709551617+}"})
    void shouldRefuseAbsurdLiteralSizesWithoutContinuation(String literal) throws IOException {
        try (RawImapClient client = implicit()) {
            client.write("a LOGIN " + literal + "\r\n" + USER + "\r\n");

            assertThat(client.readUntilClosed()).containsExactly("a BAD literal too large", "* BYE literal too large");
        }
    }

    @Test
    void shouldAcceptALiteralWhoseBytesArriveAFewAtATime() throws IOException {
        try (RawImapClient client = implicit()) {
            client.socket().setTcpNoDelay(true);
            byte[] user = octets(USER);
            byte[] password = octets(gateway.appPassword());
            client.write("a LOGIN {" + user.length + "}\r\n");
            assertThat(client.readLine()).isEqualTo("+ Ready for literal data");
            writeInPieces(client, user, 3);
            client.write(" {" + password.length + "}\r\n");
            assertThat(client.readLine()).isEqualTo("+ Ready for literal data");
            writeInPieces(client, password, 2);
            client.write("\r\n");

            assertThat(client.readLine()).startsWith("a OK [CAPABILITY ").endsWith("] Logged in.");
            assertThat(client.command("b", "NOOP")).last().asString().startsWith("b OK");
        }
    }

    private static void writeInPieces(RawImapClient client, byte[] data, int piece) throws IOException {
        for (int i = 0; i < data.length; i += piece) {
            client.write(Arrays.copyOfRange(data, i, Math.min(data.length, i + piece)));
        }
    }

    // --- quoted strings and user names ------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {
        "a LOGIN \"al\0ice\" secret\r\n|a BAD NUL octet",
        "a LOGIN \"al\rice\" secret\r\n|a BAD bare CR",
        "a LOGIN \"al\\ice\" secret\r\n|a BAD invalid escape in quoted string",
        "a LOGIN \"alice\\\" secret\r\n|a BAD unterminated quoted string",
        "a LOGIN \"al\nice\" secret\r\n|a BAD unterminated quoted string|* BAD unterminated quoted string"})
    void shouldRefuseBrokenQuotedStrings(String exchange) throws IOException {
        String[] parts = exchange.split("\\|");
        try (RawImapClient client = implicit()) {
            client.write(octets(parts[0]));
            for (int i = 1; i < parts.length; i++) {
                assertThat(client.readLine()).isEqualTo(parts[i]);
            }
            assertThat(client.command("z", "NOOP")).containsExactly("z OK NOOP completed.");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "\"b\u00ffb@example.test\"",          // not UTF-8 at all
        "\"b\u00c0\u00afb@example.test\"",    // overlong encoding of '/'
        "\"b\u00ed\u00a0\u0080b@example.test\"", // an encoded surrogate
        "\"b\u0001b@example.test\"",          // a control character
        "{19+}\r\nb\u001bb@example.test\u007f\u0085x"}) // ESC, DEL and a C1 control in a literal
    void shouldRefuseMalformedUserNamesAfterTheDelayWithoutHashing(String user) throws IOException {
        try (AuditCapture audit = new AuditCapture(); RawImapClient client = implicit()) {
            long sent = System.nanoTime();
            client.write(octets("a LOGIN " + user + " " + gateway.appPassword() + "\r\n"));

            assertThat(client.readLine()).isEqualTo("a" + AUTH_FAILED);
            assertThat(Duration.ofNanos(System.nanoTime() - sent)).isGreaterThanOrEqualTo(FAILURE_DELAY);
            assertThat(audit.logins()).singleElement().asString().contains("\"reason\":\"malformed\"");
        }
    }

    @Test
    void shouldWriteOneAuditLineWithUnicodeLineEndsEscaped() throws IOException {
        // U+2028 LINE SEPARATOR, U+0085 NEL and U+2029 PARAGRAPH SEPARATOR, sent as UTF-8 in a quoted string
        String user = "eve\u2028x\u0085y\u2029@example.test";
        try (AuditCapture audit = new AuditCapture(); RawImapClient client = implicit()) {
            client.write(("a LOGIN \"" + user + "\" " + gateway.appPassword() + "\r\n").getBytes(StandardCharsets.UTF_8));

            assertThat(client.readLine()).isEqualTo("a" + AUTH_FAILED);
            assertThat(audit.logins()).singleElement().asString()
                    .contains("\"user\":\"eve\\u2028x\\u0085y\\u2029@example.test\"")
                    .contains("\"outcome\":\"rejected\"")
                    .matches("[\\x20-\\x7e]+");
        }
    }

    // --- SASL --------------------------------------------------------------------------------------

    @Test
    void shouldRefuseInvalidBase64OfSeveralShapesAndCloseAfterThree() throws IOException {
        try (AuditCapture audit = new AuditCapture(); RawImapClient client = implicit()) {
            assertThat(client.command("a", "AUTHENTICATE PLAIN AGFsaWNl!HNlY3JldA==")).containsExactly("a" + INVALID_SASL);
            assertThat(client.command("b", "AUTHENTICATE PLAIN AGFsaWNlAHNlY3JldA")).containsExactly("b" + INVALID_SASL);
            client.sendLine("c AUTHENTICATE PLAIN");
            assertThat(client.readLine()).isEqualTo("+ ");
            client.sendLine("AGFs aWNl AHNl Y3Jl dA==");

            assertThat(client.readUntilClosed()).containsExactly("c" + INVALID_SASL, "* BYE Too many invalid commands.");
            assertThat(audit.logins()).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"YWxpY2VAZXhhbXBsZS50ZXN0", "AGFsaWNlQGV4YW1wbGUudGVzdA==", "YWxpY2VAZXhhbXBsZS50ZXN0AA==",
        "AABzZWNyZXQ=", "AGFsaWNlQGV4YW1wbGUudGVzdAA=", "AAA=", "AGJvYgBzZQBjcmV0", "YWxpY2UAAA==", "AGJvYgBzZWNyZXR="})
    void shouldRefuseMalformedPlainPayloadsAtOnce(String payload) throws IOException {
        try (AuditCapture audit = new AuditCapture(); RawImapClient client = implicit()) {
            long sent = System.nanoTime();

            assertThat(client.command("a", "AUTHENTICATE PLAIN " + payload)).containsExactly("a" + INVALID_SASL);
            assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(FAILURE_DELAY);
            assertThat(audit.logins()).isEmpty();
        }
    }

    @Test
    void shouldRefuseAnAuthzidThatIsNotTheAuthcid() throws IOException {
        try (AuditCapture audit = new AuditCapture(); RawImapClient client = implicit()) {
            String payload = plain(LONG_USER, USER, gateway.appPassword());

            assertThat(client.command("a", "AUTHENTICATE PLAIN " + payload))
                    .containsExactly("a NO [AUTHORIZATIONFAILED] Logging in as another user is not allowed.");
            assertThat(audit.logins()).singleElement().asString().contains("\"reason\":\"authzid_mismatch\"");
        }
    }

    @Test
    void shouldLogInWith255OctetFieldsEndToEnd() throws IOException {
        // the user name is 255 octets (the most UserNames allows), authzid = authcid, and the
        // password is the app password padded with dashes (ignored on input) to 255 octets
        String password = gateway.longUserAppPassword();
        password = password + "-".repeat(255 - password.length());
        assertThat(LONG_USER.getBytes(StandardCharsets.UTF_8)).hasSize(255);
        try (RawImapClient client = implicit()) {
            client.sendLine("a AUTHENTICATE PLAIN");
            assertThat(client.readLine()).isEqualTo("+ ");
            client.sendLine(plain(LONG_USER, LONG_USER, password));

            assertThat(client.readLine()).startsWith("a OK [CAPABILITY ").endsWith("] Logged in.");
            assertThat(client.command("b", "NOOP")).last().asString().startsWith("b OK");
        }
    }

    @Test
    void shouldRefuseKibibyteFieldsBeforeHashing() throws IOException {
        try (AuditCapture audit = new AuditCapture(); RawImapClient client = implicit()) {
            long sent = System.nanoTime();
            // 3 KiB password: the base64 line (4 KiB+) fits the 8 KiB line but not the SASL bound
            assertThat(client.command("a", "AUTHENTICATE PLAIN " + plain("", USER, "p".repeat(3 * 1024))))
                    .containsExactly("a" + INVALID_SASL);
            // 6 KiB password as a literal: fits the line, refused by the verifier before any lookup
            client.write("b LOGIN " + USER + " {6144+}\r\n" + "p".repeat(6144) + "\r\n");
            assertThat(client.readLine()).isEqualTo("b" + AUTH_FAILED);
            assertThat(audit.logins()).singleElement().asString().contains("\"reason\":\"malformed\"");
            // 10 KiB field: over the line bound, the session ends at once
            client.sendLine("c AUTHENTICATE PLAIN " + plain("", USER, "p".repeat(10 * 1024)));

            assertThat(client.readUntilClosed()).containsExactly("c BAD line too long", "* BYE line too long");
            assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(FAILURE_DELAY.multipliedBy(2));
        }
    }

    @Test
    void shouldSayByeAfterThreeFailedLogins() throws IOException {
        try (RawImapClient client = implicit()) {
            assertThat(client.command("a", "LOGIN " + USER + " wrong-1")).containsExactly("a" + AUTH_FAILED);
            assertThat(client.command("b", "AUTHENTICATE PLAIN " + plain("", USER, "wrong-2")))
                    .containsExactly("b" + AUTH_FAILED);
            client.sendLine("c AUTHENTICATE PLAIN " + b64(octets("\0" + USER + "\0wrong-3")));

            assertThat(client.readUntilClosed()).containsExactly("c" + AUTH_FAILED, "* BYE Too many authentication failures.");
        }
    }
}
