package dev.postern.core.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.postern.core.observe.GatewayMetrics;
import dev.postern.core.observe.Meters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The webhook against a real HTTP receiver on loopback. */
class WebhookTest {

    private static final List<Duration> SHORT_PAUSES = List.of(Duration.ofMillis(20), Duration.ofMillis(20));
    private static final byte[] KEY = "webhook-signing-key".getBytes(StandardCharsets.UTF_8);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final GatewayMetrics metrics = new GatewayMetrics(registry);
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private HttpServer receiver;
    private Webhook webhook;

    private record Received(Map<String, String> headers, byte[] body) {
        JsonNode json() throws IOException {
            return new ObjectMapper().readTree(body);
        }
    }

    @AfterEach
    void stop() {
        if (webhook != null) {
            webhook.close();
        }
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    /** A receiver that answers each POST with the next of {@code statuses} (the last one repeats). */
    private URI receive(int... statuses) throws IOException {
        AtomicInteger calls = new AtomicInteger();
        return receive(exchange -> {
            int call = calls.getAndIncrement();
            return statuses[Math.min(call, statuses.length - 1)];
        });
    }

    private interface Answer {
        int status(HttpExchange exchange) throws IOException, InterruptedException;
    }

    private URI receive(Answer answer) throws IOException {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.setExecutor(java.util.concurrent.Executors.newSingleThreadExecutor());
        receiver.createContext("/hook", exchange -> {
            try (exchange) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                Map<String, String> headers = new LinkedHashMap<>();
                exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
                int status;
                try {
                    status = answer.status(exchange);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    status = 503;
                }
                received.add(new Received(headers, body));
                exchange.sendResponseHeaders(status, -1);
            }
        });
        receiver.start();
        return URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
    }

    private static Map<String, Object> event(String user) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("event", "new_source");
        event.put("user", user);
        return event;
    }

    private double count(String outcome) {
        var counter = registry.find(Meters.NOTIFICATIONS).tag(Meters.OUTCOME, outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void shouldPostTheEventAsSignedJsonWithItsNameAndADeliveryId() throws Exception {
        webhook = new Webhook(receive(204), KEY, metrics, 10, SHORT_PAUSES, Duration.ofSeconds(5));

        assertThat(webhook.send("new_source", event("alice@example.com"))).isTrue();

        Received post = received.poll(10, TimeUnit.SECONDS);
        assertThat(post).isNotNull();
        assertThat(post.json().get("user").asText()).isEqualTo("alice@example.com");
        assertThat(post.headers()).containsEntry("content-type", "application/json")
                .containsEntry("x-postern-event", "new_source")
                .containsKey("x-postern-delivery");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
        assertThat(post.headers().get("x-postern-signature"))
                .isEqualTo("sha256=" + HexFormat.of().formatHex(mac.doFinal(post.body())));
    }

    @Test
    void shouldSendUnsignedWithoutAKey() throws Exception {
        webhook = new Webhook(receive(200), null, metrics, 10, SHORT_PAUSES, Duration.ofSeconds(5));

        webhook.send("new_source", event("alice@example.com"));

        Received post = received.poll(10, TimeUnit.SECONDS);
        assertThat(post).isNotNull();
        assertThat(post.headers()).doesNotContainKey("x-postern-signature");
    }

    @Test
    void shouldTryAgainAfterAFailureWithTheSameDeliveryIdAndKeepTheOrder() throws Exception {
        webhook = new Webhook(receive(500, 503, 200), null, metrics, 10, SHORT_PAUSES, Duration.ofSeconds(5));

        webhook.send("new_source", event("first@example.com"));
        webhook.send("new_source", event("second@example.com"));

        Received one = received.poll(10, TimeUnit.SECONDS);
        Received two = received.poll(10, TimeUnit.SECONDS);
        Received three = received.poll(10, TimeUnit.SECONDS);
        Received four = received.poll(10, TimeUnit.SECONDS);
        assertThat(List.of(one, two, three)).extracting(post -> post.headers().get("x-postern-delivery"))
                .containsOnly(one.headers().get("x-postern-delivery"));
        assertThat(three.json().get("user").asText()).isEqualTo("first@example.com");
        assertThat(four.json().get("user").asText()).isEqualTo("second@example.com");
        assertThat(four.headers().get("x-postern-delivery")).isNotEqualTo(one.headers().get("x-postern-delivery"));
        awaitCount("delivered", 2);
        assertThat(count("retried")).isEqualTo(2);
    }

    @Test
    void shouldGiveUpAfterTheLastTryWhenNobodyListens() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        webhook = new Webhook(URI.create("http://127.0.0.1:" + closedPort + "/hook"), KEY, metrics, 10, SHORT_PAUSES,
                Duration.ofSeconds(5));

        webhook.send("new_source", event("alice@example.com"));

        awaitCount("failed", 1);
        assertThat(count("retried")).isEqualTo(SHORT_PAUSES.size());
        assertThat(count("delivered")).isZero();
    }

    @Test
    void shouldNeverWaitForAStuckReceiverAndDropWhatTheQueueCannotHold() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch firstArrived = new CountDownLatch(1);
        webhook = new Webhook(receive(exchange -> {
            firstArrived.countDown();
            release.await(30, TimeUnit.SECONDS);
            return 200;
        }), null, metrics, 2, SHORT_PAUSES, Duration.ofSeconds(30));

        assertThat(webhook.send("new_source", event("u0@example.com"))).isTrue();
        assertThat(firstArrived.await(10, TimeUnit.SECONDS)).as("the first POST is being answered").isTrue();
        List<Boolean> queued = List.of(webhook.send("new_source", event("u1@example.com")),
                webhook.send("new_source", event("u2@example.com")),
                webhook.send("new_source", event("u3@example.com")),
                webhook.send("new_source", event("u4@example.com")));
        release.countDown();

        assertThat(queued).containsExactly(true, true, false, false);
        assertThat(count("dropped")).isEqualTo(2);
        awaitCount("delivered", 3);
        assertThat(received).extracting(post -> post.json().get("user").asText())
                .containsExactly("u0@example.com", "u1@example.com", "u2@example.com");
    }

    private void awaitCount(String outcome, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (count(outcome) < expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(count(outcome)).as(outcome).isEqualTo(expected);
    }
}
