package dev.postern.server.imap;

import static dev.postern.server.imap.ImapGatewayHarness.USER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.postern.core.net.Cidr;
import dev.postern.core.store.Limits;
import dev.postern.core.store.Scope;
import dev.postern.core.testing.TestSecrets;
import dev.postern.server.hostile.AuditCapture;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where an app password may be used from ({@code --allow-from}) and the alert on its first use from a
 * new network, through the PROXY protocol (the client's address the balancer reports counts, not the
 * balancer's) and a real HTTP receiver for the webhook.
 */
class AppPasswordSourcesIT {

    private static final String PROXY_YAML = "proxy-protocol:\n  trusted-proxies: [\"127.0.0.1\"]\n";
    /** A token in the webhook's path, as chat services hand them out: a secret the logs must never show. */
    private static final String PATH_TOKEN = "T0KEN-in-the-webhook-path-8f3a";
    private static final String SIGNING_KEY = "webhook-signing-KEY-5d1c";

    @TempDir
    Path dir;
    private HttpServer receiver;
    private final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
    private final List<String> signatures = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopReceiver() {
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    private String webhook(CountDownLatch answerAfter) throws IOException {
        TestSecrets.register(PATH_TOKEN);
        TestSecrets.register(SIGNING_KEY);
        Files.writeString(dir.resolve("webhook.key"), SIGNING_KEY + "\n");
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.setExecutor(Executors.newSingleThreadExecutor());
        receiver.createContext("/hook/" + PATH_TOKEN, exchange -> {
            signatures.add(exchange.getRequestHeaders().getFirst("X-Postern-Signature"));
            try (exchange) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                try {
                    answerAfter.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                events.add(new ObjectMapper().readTree(body));
                exchange.sendResponseHeaders(204, -1);
            }
        });
        receiver.start();
        return "notifications:\n  webhook-url: http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook/" + PATH_TOKEN
                + "\n  webhook-secret-file: webhook.key\n";
    }

    /** Logs in through a PROXY v1 header claiming {@code clientIp}; the tagged answer to LOGIN. */
    private static String loginFrom(ImapGatewayHarness harness, String clientIp, String password) throws IOException {
        byte[] header = ("PROXY TCP4 " + clientIp + " 127.0.0.1 51000 143\r\n").getBytes(StandardCharsets.US_ASCII);
        try (RawImapClient client = RawImapClient.connectPlainFrom(InetAddress.getByName("127.0.0.1"),
                harness.startTlsPort(), header)) {
            client.startTls("s", harness.clientTls());
            List<String> answer = client.command("a", "LOGIN \"" + USER + "\" \"" + password + "\"");
            return answer.get(answer.size() - 1);
        }
    }

    @Test
    void shouldRefuseALoginFromOutsideTheAllowedNetworksLikeAWrongPassword() throws Exception {
        try (ImapGatewayHarness harness = ImapGatewayHarness.builder(dir).proxyProtocol(true).extraYaml(PROXY_YAML)
                .start(); AuditCapture audit = new AuditCapture()) {
            String password = harness.accounts().create(USER, "office only", EnumSet.of(Scope.IMAP), null,
                    new Limits(List.of(), List.of(Cidr.parse("203.0.113.0/24")), 0)).password();

            String inside = loginFrom(harness, "203.0.113.9", password);
            String outside = loginFrom(harness, "198.51.100.7", password);
            String wrong = loginFrom(harness, "198.51.100.8", "wrong-password");

            assertThat(inside).startsWith("a OK");
            assertThat(outside).isEqualTo(wrong).startsWith("a NO");
            assertThat(audit.await(line -> line.contains("\"client_ip\":\"198.51.100.7\""), 1, Duration.ofSeconds(10)))
                    .singleElement().asString().contains("\"outcome\":\"rejected\"", "\"reason\":\"source_not_allowed\"");
        }
    }

    @Test
    void shouldAlertOnceForEachNewNetworkWithoutSecretsAndWithoutMakingTheLoginWait() throws Exception {
        CountDownLatch receiverStuck = new CountDownLatch(1);
        try (ImapGatewayHarness harness = ImapGatewayHarness.builder(dir).proxyProtocol(true)
                .extraYaml(PROXY_YAML + webhook(receiverStuck)).start(); AuditCapture audit = new AuditCapture()) {
            String password = harness.accounts().create(USER, "laptop", EnumSet.of(Scope.IMAP), null).password();
            String id = harness.gateway().store().appPasswordsOf(USER).stream()
                    .filter(record -> record.label().equals("laptop")).findFirst().orElseThrow().id();

            // the receiver answers nothing until released: every login still completes at once
            assertThat(loginFrom(harness, "203.0.113.9", password)).startsWith("a OK");
            assertThat(loginFrom(harness, "203.0.113.77", password)).startsWith("a OK");
            assertThat(loginFrom(harness, "198.51.100.7", password)).startsWith("a OK");
            audit.await(line -> line.contains("\"event\":\"new_source\""), 2, Duration.ofSeconds(10));
            receiverStuck.countDown();

            JsonNode first = events.poll(20, TimeUnit.SECONDS);
            JsonNode second = events.poll(20, TimeUnit.SECONDS);
            assertThat(first).isNotNull();
            assertThat(second).isNotNull();
            assertThat(List.of(first.get("network").asText(), second.get("network").asText()))
                    .containsExactlyInAnyOrder("203.0.113.0/24", "198.51.100.0/24");
            JsonNode office = first.get("network").asText().startsWith("203") ? first : second;
            assertThat(office.get("event").asText()).isEqualTo("new_source");
            assertThat(office.get("user").asText()).isEqualTo(USER);
            assertThat(office.get("app_password_id").asText()).isEqualTo(id);
            assertThat(office.get("app_password_label").asText()).isEqualTo("laptop");
            assertThat(office.get("protocol").asText()).isEqualTo("imap");
            assertThat(office.get("client_ip").asText()).isEqualTo("203.0.113.9");
            assertThat(office.toString()).doesNotContain(password, password.replace("-", ""));
            assertThat(audit.lines()).filteredOn(line -> line.contains("\"event\":\"new_source\"")).hasSize(2);
            assertThat(events.poll(1, TimeUnit.SECONDS)).as("no event for a known network").isNull();
            assertThat(signatures).hasSize(2).allSatisfy(signature -> assertThat(signature).matches("sha256=[0-9a-f]{64}"));
        }
    }

    @Test
    void shouldKeepLoggingInWhileTheReceiverIsDownAndNeverLogTheUrlsToken() throws Exception {
        String yaml = webhook(new CountDownLatch(0));
        receiver.stop(0); // nobody listens: every delivery fails and is retried in the background
        receiver = null;
        try (ImapGatewayHarness harness = ImapGatewayHarness.builder(dir).proxyProtocol(true).extraYaml(PROXY_YAML + yaml)
                .start(); AuditCapture audit = new AuditCapture()) {
            String password = harness.accounts().create(USER, "phone", EnumSet.of(Scope.IMAP), null).password();

            for (int network = 1; network <= 5; network++) {
                assertThat(loginFrom(harness, "192.0." + network + ".10", password)).startsWith("a OK");
            }

            assertThat(audit.await(line -> line.contains("\"event\":\"new_source\""), 5, Duration.ofSeconds(10)))
                    .hasSize(5);
        }
    }
}
