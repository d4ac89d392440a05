package dev.postern.server.imap;

import static dev.postern.server.imap.ImapGatewayHarness.USER;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** After the hand-off: commands pipelined behind the login, and backpressure from a client that stops reading. */
class ImapRelayIT {

    static final int RECEIVE_BUFFER = 64 * 1024;
    /** What the kernel may hold between the gateway and a client that does not read. */
    static final long SOCKET_BUFFERS = tcpSendBufferMax() + 4L * RECEIVE_BUFFER + 256 * 1024;
    /** At least 20 MiB, and always far more than the socket buffers, so the stall is visible on any machine. */
    static final int LARGE_MESSAGE = (int) Math.max(20L * 1024 * 1024, 4 * SOCKET_BUFFERS);
    static final Pattern LITERAL = Pattern.compile("^\\* 1 FETCH \\(BODY\\[] \\{(\\d+)}$");

    @TempDir
    static Path folder;
    static RelayCounter relayed = new RelayCounter();
    static ImapGatewayHarness harness;
    static byte[] large;

    @BeforeAll
    static void startGateway() throws IOException {
        harness = ImapGatewayHarness.builder(folder).sessions(() -> relayed).start();
        large = largeMessage(LARGE_MESSAGE);
        Upstreams.deliver(harness.greenMail(), USER, large);
    }

    @AfterAll
    static void stopGateway() {
        harness.close();
    }

    @Test
    void shouldRelayCommandsPipelinedBehindTheLoginInOrder() throws IOException {
        try (RawImapClient client = harness.connectImplicit()) {
            // given a login and two commands in one write
            client.write("a LOGIN " + USER + " " + harness.appPassword() + "\r\nb SELECT INBOX\r\nc FETCH 1 (UID)\r\n");

            // then the login is answered by the gateway, the rest by the upstream, in order
            List<String> login = client.readUntilTagged("a");
            List<String> select = client.readUntilTagged("b");
            List<String> fetch = client.readUntilTagged("c");

            assertThat(login).singleElement().asString().startsWith("a OK [CAPABILITY IMAP4rev1 ");
            assertThat(select).anyMatch(line -> line.matches("^\\* 1 EXISTS$"));
            assertThat(select).last().asString().startsWith("b OK [READ-WRITE]");
            assertThat(fetch).first().asString().matches("^\\* 1 FETCH \\(UID \\d+\\)$");
            assertThat(fetch).last().asString().startsWith("c OK ");
        }
    }

    @Test
    void shouldEndTheSessionWhenMoreThanALineIsPipelinedBehindTheLogin() throws IOException {
        try (RawImapClient client = harness.connectImplicit()) {
            // given more than the 8 KiB line bound of commands behind the login
            String flood = "x NOOP\r\n".repeat(12 * 1024 / 8);
            client.write("a LOGIN " + USER + " " + harness.appPassword() + "\r\n" + flood);

            // then the session ends instead of relaying a stream that lost bytes
            assertThat(client.readUntilClosed()).containsExactly("* BYE Too much data sent before the login completed.");
        }
    }

    @Test
    void shouldStopPullingFromUpstreamWhileTheClientDoesNotRead() throws Exception {
        long socketBuffers = SOCKET_BUFFERS;
        try (RawImapClient client = RawImapClient.connectTls(harness.implicitPort(), harness.clientTls(), RECEIVE_BUFFER)) {
            assertThat(client.command("a", "LOGIN " + USER + " " + harness.appPassword())).last().asString()
                    .startsWith("a OK ");
            assertThat(client.command("b", "EXAMINE INBOX")).last().asString().startsWith("b OK ");
            long before = relayed.upstreamToClient();
            long allocatedBefore = allocatorMemory();

            // when the client asks for 20 MiB and reads nothing
            client.sendLine("f FETCH 1 BODY.PEEK[]");
            long stalled = plateau(relayed::upstreamToClient, before + RECEIVE_BUFFER) - before;
            long allocated = allocatorMemory() - allocatedBefore;

            // then the gateway relays no more than the kernel's socket buffers hold (its own send
            // buffer, the client's receive buffer) plus a chunk in flight, and does not hoard the rest
            assertThat(stalled).as("bytes relayed while the client is stalled").isLessThan(socketBuffers);
            assertThat(allocated).as("growth of Netty's buffer memory while the client is stalled")
                    .isLessThan(LARGE_MESSAGE / 2);

            // and once the client reads, every byte arrives intact
            Matcher literal = LITERAL.matcher(client.readLine());
            assertThat(literal.matches()).isTrue();
            assertThat(Integer.parseInt(literal.group(1))).isEqualTo(large.length);
            assertThat(client.readBytes(large.length)).isEqualTo(large);
            assertThat(client.readLine()).isEqualTo(")");
            assertThat(client.readLine()).startsWith("f OK ");
            assertThat(relayed.upstreamToClient() - before).isGreaterThan(large.length);
        }
    }

    /**
     * Polls every 50 ms (bounded by 30 s) until the value has passed {@code floor} and then not
     * changed for 20 consecutive polls, and returns it.
     */
    static long plateau(LongSupplier value, long floor) throws InterruptedException {
        long last = value.getAsLong();
        int stable = 0;
        for (int poll = 0; poll < 600 && stable < 20; poll++) {
            Thread.sleep(50);
            long now = value.getAsLong();
            stable = now == last && now > floor ? stable + 1 : 0;
            last = now;
        }
        assertThat(stable).as("relayed byte count settled above " + floor + " (last: " + last + ")").isEqualTo(20);
        return last;
    }

    /** Linux's upper bound for an autotuned TCP send buffer (tcp_wmem's third value); 4 MiB if unknown. */
    static long tcpSendBufferMax() {
        try {
            String[] values = Files.readString(Path.of("/proc/sys/net/ipv4/tcp_wmem")).trim().split("\\s+");
            return Long.parseLong(values[2]);
        } catch (IOException | RuntimeException unknown) {
            return 4L * 1024 * 1024;
        }
    }

    private static long allocatorMemory() {
        if (ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider provider) {
            return provider.metric().usedDirectMemory() + provider.metric().usedHeapMemory();
        }
        return 0;
    }

    /** A text message of about {@code size} octets: numbered lines of 78 characters. */
    static byte[] largeMessage(int size) {
        StringBuilder body = new StringBuilder(size + 100);
        for (int line = 0; body.length() < size; line++) {
            String number = String.format("%010d ", line);
            body.append(number).append("x".repeat(78 - number.length())).append("\r\n");
        }
        return Upstreams.message("large message", body.toString());
    }
}
