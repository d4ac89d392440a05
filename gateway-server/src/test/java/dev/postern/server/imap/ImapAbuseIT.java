package dev.postern.server.imap;

import static dev.postern.server.imap.ImapGatewayHarness.USER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.server.hostile.AuditCapture;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Connection limits, brute-force throttling and the PROXY protocol on real sockets. */
class ImapAbuseIT {

    private static final byte[] NONE = new byte[0];

    @TempDir
    Path dir;

    private static InetAddress loopback(String address) throws Exception {
        return InetAddress.getByName(address);
    }

    @Test
    void shouldSayByeLimitToAConnectionOverThePerIpCap() throws Exception {
        try (ImapGatewayHarness harness = ImapGatewayHarness.builder(dir)
                .extraYaml("limits:\n  max-connections-per-ip: 2\n").start();
             RawImapClient first = RawImapClient.connectPlainFrom(loopback("127.0.0.1"), harness.startTlsPort(), NONE);
             RawImapClient second = RawImapClient.connectPlainFrom(loopback("127.0.0.1"), harness.startTlsPort(), NONE);
             RawImapClient third = RawImapClient.connectPlainFrom(loopback("127.0.0.1"), harness.startTlsPort(), NONE);
             RawImapClient elsewhere = RawImapClient.connectPlainFrom(loopback("127.0.0.2"), harness.startTlsPort(), NONE)) {

            assertThat(first.greeting()).startsWith("* OK");
            assertThat(second.greeting()).startsWith("* OK");
            assertThat(third.greeting()).isEqualTo("* BYE [LIMIT] Too many connections.");
            assertThat(third.readUntilClosed()).isEmpty();
            assertThat(elsewhere.greeting()).startsWith("* OK");
        }
    }

    @Test
    void shouldRefuseAThrottledSourceUncheckedWhileTheUserLogsInFromAnotherAddress() throws Exception {
        String limits = String.join("\n", "limits:", "  failures:", "    max-delay: 100ms", "    per-ip: 2",
                "    per-user: 1", "    per-user-delay: 0s", "");
        try (ImapGatewayHarness harness = ImapGatewayHarness.builder(dir).extraYaml(limits).start();
             AuditCapture audit = new AuditCapture()) {
            // given: an attacker at 127.0.0.1 fails twice for the user
            try (RawImapClient attacker = RawImapClient.connectPlainFrom(loopback("127.0.0.1"), harness.startTlsPort(), NONE)) {
                attacker.startTls("s", harness.clientTls());
                assertThat(attacker.command("a", "LOGIN \"" + USER + "\" \"wrong-one\"")).last().asString()
                        .startsWith("a NO [AUTHENTICATIONFAILED]");
                assertThat(attacker.command("b", "LOGIN \"" + USER + "\" \"wrong-two\"")).last().asString()
                        .startsWith("b NO [AUTHENTICATIONFAILED]");

                // when: it tries again, even with the right password
                List<String> refused = attacker.command("c", "LOGIN \"" + USER + "\" \"" + harness.appPassword() + "\"");

                // then: a temporary refusal without a check
                assertThat(refused).last().asString().startsWith("c NO [UNAVAILABLE]");
            }

            // and the owner, from another address, still gets in with the app password
            try (RawImapClient owner = RawImapClient.connectPlainFrom(loopback("127.0.0.2"), harness.startTlsPort(), NONE)) {
                owner.startTls("s", harness.clientTls());
                assertThat(owner.command("a", "LOGIN \"" + USER + "\" \"" + harness.appPassword() + "\"")).last()
                        .asString().startsWith("a OK");
            }
            assertThat(audit.lines()).anySatisfy(line -> assertThat(line)
                    .contains("\"client_ip\":\"127.0.0.1\"", "\"outcome\":\"throttled\""));
            assertThat(audit.lines()).anySatisfy(line -> assertThat(line)
                    .contains("\"client_ip\":\"127.0.0.2\"", "\"outcome\":\"success\""));
        }
    }

    @Test
    void shouldTakeTheClientIpFromProxyHeadersOfATrustedBalancer() throws Exception {
        try (ImapGatewayHarness harness = ImapGatewayHarness.builder(dir).proxyProtocol(true)
                .extraYaml("proxy-protocol:\n  trusted-proxies: [\"127.0.0.1\"]\n").start();
             AuditCapture audit = new AuditCapture()) {
            byte[] v1 = "PROXY TCP4 203.0.113.9 127.0.0.1 51000 143\r\n".getBytes(StandardCharsets.US_ASCII);
            try (RawImapClient client = RawImapClient.connectPlainFrom(loopback("127.0.0.1"), harness.startTlsPort(), v1)) {
                assertThat(client.greeting()).startsWith("* OK");
                client.startTls("s", harness.clientTls());
                client.command("a", "LOGIN \"" + USER + "\" \"" + harness.appPassword() + "\"");
            }
            try (RawImapClient client = RawImapClient.connectPlainFrom(loopback("127.0.0.1"), harness.startTlsPort(),
                    v2Ipv4Header(new byte[] {(byte) 198, 51, 100, 7}))) {
                client.startTls("s", harness.clientTls());
                client.command("a", "LOGIN \"" + USER + "\" \"wrong\"");
            }

            assertThat(audit.lines()).anySatisfy(line -> assertThat(line)
                    .contains("\"client_ip\":\"203.0.113.9\"", "\"outcome\":\"success\""));
            assertThat(audit.lines()).anySatisfy(line -> assertThat(line)
                    .contains("\"client_ip\":\"198.51.100.7\"", "\"outcome\":\"rejected\""));
        }
    }

    @Test
    void shouldCloseAProxyListenerConnectionFromAnUntrustedAddress() throws Exception {
        try (ImapGatewayHarness harness = ImapGatewayHarness.builder(dir).proxyProtocol(true)
                .extraYaml("proxy-protocol:\n  trusted-proxies: [\"127.0.0.1\"]\n").start()) {
            byte[] v1 = "PROXY TCP4 203.0.113.9 127.0.0.1 51000 143\r\n".getBytes(StandardCharsets.US_ASCII);
            java.net.Socket socket = new java.net.Socket();
            socket.bind(new java.net.InetSocketAddress(loopback("127.0.0.2"), 0));
            socket.connect(new java.net.InetSocketAddress(loopback("127.0.0.1"), harness.startTlsPort()), 5_000);
            socket.setSoTimeout(5_000);
            try (socket) {
                socket.getOutputStream().write(v1);
                assertThat(readAfterClose(socket)).as("closed without a greeting").isEqualTo(-1);
            }
        }
    }

    /**
     * The next octet, or -1 once the gateway has closed. A close before the header was read ends in a
     * reset (the kernel answers the unread bytes with RST), which is the same answer: no greeting.
     */
    private static int readAfterClose(java.net.Socket socket) throws java.io.IOException {
        try {
            return socket.getInputStream().read();
        } catch (java.net.SocketException reset) {
            assertThat(reset).hasMessageContaining("reset");
            return -1;
        }
    }

    private static byte[] v2Ipv4Header(byte[] source) {
        byte[] header = new byte[28];
        byte[] signature = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
        System.arraycopy(signature, 0, header, 0, 12);
        header[12] = 0x21; // version 2, PROXY
        header[13] = 0x11; // AF_INET, STREAM
        header[15] = 12;   // length
        System.arraycopy(source, 0, header, 16, 4);
        header[20] = 127;
        header[23] = 1;
        header[24] = (byte) (51000 >> 8);
        header[25] = (byte) 51000;
        header[27] = (byte) 143;
        return header;
    }
}
