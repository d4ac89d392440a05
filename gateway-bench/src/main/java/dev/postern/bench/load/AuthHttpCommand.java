package dev.postern.bench.load;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code auth-http}: an nginx mail {@code auth_http} responder that accepts every login and sends
 * it to one upstream: nginx's best case, with no lookup at all. nginx then logs in upstream with
 * the client's own user name and password. Listens on a free loopback port, written to
 * {@code --port-file} once it is ready; runs until killed.
 */
@Command(name = "auth-http", mixinStandardHelpOptions = true,
        description = "nginx mail auth_http responder that accepts every login (for the peers benchmark).")
final class AuthHttpCommand implements Callable<Integer> {

    @Option(names = "--upstream-host", defaultValue = "127.0.0.1", description = "Auth-Server: an IP address (default: ${DEFAULT-VALUE}).")
    String upstreamHost;

    @Option(names = "--upstream-port", required = true, description = "Auth-Port: the upstream's plaintext IMAP port.")
    int upstreamPort;

    @Option(names = "--port-file", required = true, description = "Where to write the port listened on.")
    Path portFile;

    @Override
    public Integer call() throws Exception {
        AtomicLong answered = new AtomicLong();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                var headers = exchange.getResponseHeaders();
                headers.set("Auth-Status", "OK");
                headers.set("Auth-Server", upstreamHost);
                headers.set("Auth-Port", Integer.toString(upstreamPort));
                exchange.sendResponseHeaders(200, -1);
                answered.incrementAndGet();
            }
        });
        server.start();
        Path temp = portFile.resolveSibling(portFile.getFileName() + ".new");
        Files.writeString(temp, server.getAddress().getPort() + "\n", StandardCharsets.US_ASCII);
        Files.move(temp, portFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop(0);
            System.out.println("auth-http: answered " + answered.get() + " requests");
        }));
        new CountDownLatch(1).await();
        return 0;
    }
}
