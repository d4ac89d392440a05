package dev.postern.core.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.postern.core.config.NotificationsConfig;
import dev.postern.core.observe.GatewayMetrics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs events as JSON to the configured webhook ({@code notifications.webhook-url}), one at a time
 * and in order, from a thread of its own. A delivery that fails (no connection, a timeout, an answer
 * other than 2xx) is tried again after growing pauses; after the last try it is given up, logged and
 * counted. Events wait in a bounded queue: when it is full, the new event is dropped and counted,
 * and {@link #send} returns at once either way.
 *
 * <p>Each POST carries {@code X-Postern-Event} (the event name), {@code X-Postern-Delivery} (one id
 * per event, the same on every try, so a receiver can drop a repeat) and, with a signing key,
 * {@code X-Postern-Signature: sha256=<hex HMAC-SHA256 of the body>}. The URL is never logged whole
 * (it may carry a token); neither is the key.
 */
public final class Webhook implements AutoCloseable {

    /** Events waiting at most; more are dropped. */
    public static final int DEFAULT_QUEUE = 1_000;
    /** The pauses before the second, third... try: six tries over about a minute. */
    public static final List<Duration> DEFAULT_RETRY_PAUSES = List.of(Duration.ofSeconds(1), Duration.ofSeconds(2),
            Duration.ofSeconds(4), Duration.ofSeconds(8), Duration.ofSeconds(16));
    /** How long one try may take, from connecting to the end of the answer. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    static final String OUTCOME_DELIVERED = "delivered";
    static final String OUTCOME_RETRIED = "retried";
    static final String OUTCOME_FAILED = "failed";
    static final String OUTCOME_DROPPED = "dropped";

    private static final Logger LOG = LoggerFactory.getLogger(Webhook.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI url;
    private final byte[] signingKey;
    private final GatewayMetrics metrics;
    private final List<Duration> retryPauses;
    private final Duration timeout;
    private final BlockingQueue<Delivery> queue;
    private final HttpClient client;
    private final Thread sender;
    private volatile boolean closed;

    /**
     * @param signingKey the HMAC key, or null to send unsigned
     */
    public Webhook(URI url, byte[] signingKey, GatewayMetrics metrics, int queueCapacity, List<Duration> retryPauses,
                   Duration timeout) {
        this.url = Objects.requireNonNull(url, "url");
        this.signingKey = signingKey == null ? null : signingKey.clone();
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.retryPauses = List.copyOf(retryPauses);
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1).build();
        this.sender = new Thread(this::run, "postern-webhook");
        this.sender.setDaemon(true);
        this.sender.start();
    }

    /** The configured webhook with the default queue, pauses and timeout; empty when none is configured. */
    public static Optional<Webhook> of(NotificationsConfig config, GatewayMetrics metrics) {
        return config.webhookUrl().map(url -> new Webhook(url,
                config.webhookSecret().map(secret -> secret.reveal().getBytes(StandardCharsets.UTF_8)).orElse(null),
                metrics, DEFAULT_QUEUE, DEFAULT_RETRY_PAUSES, DEFAULT_TIMEOUT));
    }

    /**
     * Queues {@code event} (its fields, in order) under the name {@code name}; never blocks.
     *
     * @return false when it was dropped (queue full, or the webhook closed)
     */
    public boolean send(String name, Map<String, Object> event) {
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            LOG.warn("a {} event could not be written as JSON: {}", name, e.getMessage());
            return false;
        }
        if (closed || !queue.offer(new Delivery(name, UUID.randomUUID().toString(), body))) {
            metrics.notification(OUTCOME_DROPPED);
            LOG.warn("webhook {}: a {} event was dropped, {} are waiting already (is the receiver down?)",
                    NotificationsConfig.shown(url), name, queue.size());
            return false;
        }
        return true;
    }

    /** Stops sending; events still waiting are dropped (and logged as a count). */
    @Override
    public void close() {
        closed = true;
        sender.interrupt();
        try {
            sender.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int left = queue.size();
        queue.clear();
        if (left > 0) {
            LOG.warn("webhook {}: {} event(s) not delivered at shutdown", NotificationsConfig.shown(url), left);
        }
    }

    private void run() {
        while (!closed) {
            Delivery delivery;
            try {
                delivery = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (!deliver(delivery)) {
                return;
            }
        }
    }

    /** Tries {@code delivery} until it is delivered or the tries are used up; false when interrupted (closing). */
    private boolean deliver(Delivery delivery) {
        String failure = null;
        for (int attempt = 0; attempt <= retryPauses.size(); attempt++) {
            if (attempt > 0) {
                metrics.notification(OUTCOME_RETRIED);
                try {
                    Thread.sleep(retryPauses.get(attempt - 1).toMillis());
                } catch (InterruptedException e) {
                    return false;
                }
            }
            try {
                HttpResponse<Void> response = client.send(request(delivery), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() / 100 == 2) {
                    metrics.notification(OUTCOME_DELIVERED);
                    return true;
                }
                failure = "answered HTTP " + response.statusCode();
            } catch (IOException e) {
                failure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            } catch (InterruptedException e) {
                return false;
            }
            LOG.debug("webhook {}: try {} of the {} event failed: {}", NotificationsConfig.shown(url), attempt + 1,
                    delivery.name(), failure);
        }
        metrics.notification(OUTCOME_FAILED);
        LOG.warn("webhook {}: the {} event was given up after {} tries; last: {}", NotificationsConfig.shown(url),
                delivery.name(), retryPauses.size() + 1, failure);
        return true;
    }

    private HttpRequest request(Delivery delivery) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "Postern")
                .header("X-Postern-Event", delivery.name())
                .header("X-Postern-Delivery", delivery.id())
                .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body()));
        if (signingKey != null) {
            request.header("X-Postern-Signature", "sha256=" + sign(delivery.body()));
        }
        return request.build();
    }

    private String sign(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(signingKey, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private record Delivery(String name, String id, byte[] body) {
    }
}
