package dev.postern.server.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.core.testing.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Debian's HAProxy in front of the gateways, running the operator's example {@code deploy/haproxy/haproxy.cfg} with
 * the test's addresses: TCP mode, the PROXY protocol v2 to every gateway, health checks against each gateway's
 * {@code /readyz}, and a connection that fails to reach a gateway tried again on another. Listens on free loopback
 * ports; its runtime API ({@code show stat}) on a UNIX socket in the test's folder says what it thinks of each
 * gateway.
 */
final class Haproxy implements AutoCloseable {

    static final String BINARY = "/usr/sbin/haproxy";
    static final String NOT_INSTALLED = "HAProxy is not installed: no " + BINARY
            + " (install Debian's haproxy package: apt-get install haproxy; .ci/run does)";
    /** The example operators are given, which this test runs (from gateway-server, the module under test). */
    static final Path SHIPPED = Path.of("..", "deploy", "haproxy", "haproxy.cfg");
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    /**
     * Global settings of a system installation, which a process of the test's own cannot use ({@code maxconn}: its
     * file descriptors are more than a test machine may allow).
     */
    private static final Set<String> SYSTEM_ONLY = Set.of("log", "chroot", "user", "group", "daemon", "stats", "pidfile",
            "maxconn");
    /** The gateway listener behind each port the shipped file's servers name. */
    private static final Map<String, String> PROTOCOLS = Map.of("993", "imap", "465", "smtp", "587", "smtp",
            "995", "pop3");

    private final Process process;
    private final Path socket;
    private final Path output;
    private final Map<String, Integer> ports;

    private Haproxy(Process process, Path socket, Path output, Map<String, Integer> ports) {
        this.process = process;
        this.socket = socket;
        this.output = output;
        this.ports = Map.copyOf(ports);
    }

    /**
     * Starts HAProxy in the foreground and waits until its health checks found every gateway ready. Its output (one
     * line per connection, {@code option tcplog}, and its alerts) goes to a file of {@code logFolder}.
     */
    static Haproxy start(Path folder, Path logFolder, List<GatewayProcess> gateways)
            throws IOException, InterruptedException {
        assertThat(Path.of(BINARY)).as(NOT_INSTALLED).isExecutable();
        Path socket = folder.resolve("haproxy.sock");
        Path config = folder.resolve("haproxy.cfg");
        Path output = Files.createDirectories(logFolder).resolve("BalancerIT-haproxy.log");
        Map<String, Integer> ports = new LinkedHashMap<>();
        Files.writeString(config, configuration(Files.readAllLines(SHIPPED), socket, gateways, ports));
        Process process = new ProcessBuilder(BINARY, "-db", "-f", config.toString()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        Haproxy haproxy = new Haproxy(process, socket, output, ports);
        try {
            for (String section : ports.keySet()) {
                for (GatewayProcess gateway : gateways) {
                    haproxy.awaitServer(section, gateway.name(), "UP");
                }
            }
        } catch (AssertionError | IOException | InterruptedException | RuntimeException e) {
            haproxy.close();
            throw e;
        }
        return haproxy;
    }

    /**
     * The shipped configuration with the test's addresses: each {@code bind} on a free loopback port (put in
     * {@code ports} by section), the n-th {@code server} of a section on the n-th gateway's listener for the port it
     * names, checked on that gateway's admin port; the global lines of a system installation (syslog, chroot, user,
     * daemon, the runtime API's socket, maxconn) replaced by a log on standard output and a socket in the test's folder.
     */
    static String configuration(List<String> shipped, Path socket, List<GatewayProcess> gateways,
            Map<String, Integer> ports) throws IOException {
        StringBuilder config = new StringBuilder();
        int[] free = FreePorts.loopback((int) shipped.stream()
                .filter(line -> line.strip().split("\\s+")[0].equals("bind")).count());
        int binds = 0;
        String section = null;
        int server = 0;
        for (String line : shipped) {
            String[] words = line.strip().split("\\s+");
            if (!line.isEmpty() && !Character.isWhitespace(line.charAt(0))) {
                section = words.length > 1 ? words[1] : words[0];
                server = 0;
                config.append(line).append('\n');
                if (words[0].equals("global")) {
                    config.append("    log stdout format raw local0\n")
                            .append("    stats socket ").append(socket).append(" mode 600 level admin\n");
                }
            } else if ("global".equals(section) && SYSTEM_ONLY.contains(words[0])) {
                continue;
            } else if (words[0].equals("bind")) {
                int port = free[binds++];
                ports.put(section, port);
                config.append("    bind 127.0.0.1:").append(port).append('\n');
            } else if (words[0].equals("server")) {
                GatewayProcess gateway = gateways.get(server++);
                assertThat(words[1]).as("server %d of %s in %s", server, section, SHIPPED).isEqualTo(gateway.name());
                int listener = gateway.port(PROTOCOLS.get(words[2].substring(words[2].lastIndexOf(':') + 1)));
                config.append("    server ").append(gateway.name()).append(" 127.0.0.1:").append(listener)
                        .append(" port ").append(gateway.adminPort()).append('\n');
            } else {
                config.append(line).append('\n');
            }
        }
        assertThat(ports).as("listen sections of %s", SHIPPED).containsOnlyKeys("imaps", "submissions", "submission",
                "pop3s");
        return config.toString();
    }

    /** The loopback port of a {@code listen} section of the shipped file ({@code imaps}, {@code submissions}...). */
    int port(String section) {
        return ports.get(section);
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

    /** SIGTERM (HAProxy stops at once), SIGKILL if it has not within 10 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
