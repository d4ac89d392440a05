package dev.postern.server.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * Debian's HAProxy in front of the gateways, as the operator's example in {@code deploy/haproxy/} has it: TCP mode,
 * the PROXY protocol v2 to every gateway, health checks against each gateway's {@code /readyz}, and a connection
 * that fails to reach a gateway tried again on another. Listens on free loopback ports (IMAP and SMTP); its
 * runtime API ({@code show stat}) on a UNIX socket in {@code folder} says what it thinks of each gateway.
 */
final class Haproxy implements AutoCloseable {

    static final String BINARY = "/usr/sbin/haproxy";
    static final String NOT_INSTALLED = "HAProxy is not installed: no " + BINARY
            + " (install Debian's haproxy package: apt-get install haproxy; .ci/run does)";
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final Process process;
    private final Path socket;
    private final Path output;
    private final int imapPort;
    private final int smtpPort;

    private Haproxy(Process process, Path socket, Path output, int imapPort, int smtpPort) {
        this.process = process;
        this.socket = socket;
        this.output = output;
        this.imapPort = imapPort;
        this.smtpPort = smtpPort;
    }

    /** Starts HAProxy in the foreground and waits until its health checks found every gateway ready. */
    static Haproxy start(Path folder, List<GatewayProcess> gateways) throws IOException, InterruptedException {
        assertThat(Path.of(BINARY)).as(NOT_INSTALLED).isExecutable();
        Path socket = folder.resolve("haproxy.sock");
        Path config = folder.resolve("haproxy.cfg");
        Path output = folder.resolve("haproxy.out");
        int imapPort = freePort();
        int smtpPort = freePort();
        Files.writeString(config, configuration(socket, imapPort, smtpPort, gateways));
        Process process = new ProcessBuilder(BINARY, "-db", "-f", config.toString()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        Haproxy haproxy = new Haproxy(process, socket, output, imapPort, smtpPort);
        try {
            for (GatewayProcess gateway : gateways) {
                haproxy.awaitServer("imap", gateway.name(), "UP");
                haproxy.awaitServer("smtp", gateway.name(), "UP");
            }
        } catch (AssertionError | IOException | InterruptedException | RuntimeException e) {
            haproxy.close();
            throw e;
        }
        return haproxy;
    }

    private static String configuration(Path socket, int imapPort, int smtpPort, List<GatewayProcess> gateways) {
        StringBuilder config = new StringBuilder(String.join("\n",
                "global",
                "    stats socket " + socket + " mode 600 level admin",
                "defaults",
                "    mode tcp",
                "    timeout connect 2s",
                "    timeout client 30m",
                "    timeout server 30m",
                "    timeout check 2s",
                "    retries 3",
                "    option redispatch 1",
                "    option httpchk GET /readyz",
                "    http-check expect status 200",
                "    default-server send-proxy-v2 check inter 200ms fall 1 rise 1",
                ""));
        backend(config, "imap", imapPort, gateways, GatewayProcess::imapPort);
        backend(config, "smtp", smtpPort, gateways, GatewayProcess::smtpPort);
        return config.toString();
    }

    private static void backend(StringBuilder config, String name, int port, List<GatewayProcess> gateways,
            ToIntFunction<GatewayProcess> gatewayPort) {
        config.append("listen ").append(name).append('\n')
                .append("    bind 127.0.0.1:").append(port).append('\n')
                .append("    balance roundrobin\n");
        for (GatewayProcess gateway : gateways) {
            // The check goes to the admin port (no PROXY header there: with "port", checks send none).
            config.append("    server ").append(gateway.name()).append(" 127.0.0.1:").append(gatewayPort.applyAsInt(gateway))
                    .append(" port ").append(gateway.adminPort()).append('\n');
        }
    }

    int imapPort() {
        return imapPort;
    }

    int smtpPort() {
        return smtpPort;
    }

    /** Waits until HAProxy's runtime API reports {@code server} of {@code backend} with {@code status}. */
    void awaitServer(String backend, String server, String status) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        Map<String, String> last = Map.of();
        while (System.nanoTime() < deadline) {
            assertThat(process.isAlive()).as("HAProxy running; it printed:\n%s", printed()).isTrue();
            if (Files.exists(socket)) {
                last = serverStatus(backend, server);
                if (status.equals(last.get("status")) && !last.getOrDefault("check_status", "").startsWith("INI")) {
                    return;
                }
            }
            Thread.sleep(50); // HAProxy's state is only learnt by asking again
        }
        throw new AssertionError(backend + "/" + server + " not " + status + " within " + TIMEOUT + ": " + last
                + "; HAProxy printed:\n" + printed());
    }

    /** The {@code show stat} row of one server, by column name (status, check_status, check_desc...). */
    Map<String, String> serverStatus(String backend, String server) throws IOException {
        List<String> rows = runtime("show stat").lines().toList();
        if (rows.isEmpty() || !rows.get(0).startsWith("# ")) {
            return Map.of();
        }
        List<String> columns = Arrays.asList(rows.get(0).substring(2).split(",", -1));
        Predicate<String[]> wanted = row -> row.length > 1 && row[0].equals(backend) && row[1].equals(server);
        return rows.stream().skip(1).map(row -> row.split(",", -1)).filter(wanted).findFirst().map(row -> {
            Map<String, String> fields = new LinkedHashMap<>();
            for (int i = 0; i < Math.min(row.length, columns.size()); i++) {
                fields.put(columns.get(i), row[i]);
            }
            return fields;
        }).orElse(Map.of());
    }

    private String runtime(String command) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
            StringBuilder answer = new StringBuilder();
            while (channel.read(buffer) >= 0) {
                buffer.flip();
                answer.append(StandardCharsets.US_ASCII.decode(buffer));
                buffer.clear();
            }
            return answer.toString();
        } catch (SocketException notYet) {
            return ""; // the socket file is there before HAProxy accepts on it
        }
    }

    private String printed() {
        try {
            return Files.exists(output) ? Files.readString(output) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    /** SIGTERM (HAProxy stops at once), SIGKILL if it has not within 10 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
