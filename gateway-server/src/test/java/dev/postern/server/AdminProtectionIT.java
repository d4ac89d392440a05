package dev.postern.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin listener's own defences on real sockets: at most {@code admin.max-connections} open,
 * a whole request within {@code admin.request-timeout} (trickling does not keep a connection), and
 * the bearer token that {@code /metrics} asks for when {@code admin.metrics-token-file} is set.
 */
class AdminProtectionIT {

    private static final String TOKEN = "pr0metheus-scrape-T0ken-4f1c9a";
    private static final String WRONG_TOKEN = "pr0metheus-scrape-T0ken-4f1c9b";
    /** Generous slack over the 1 s request timeout: a bound on a promised latency, not a speed test. */
    private static final int CLOSE_WITHIN_MS = 6_000;
    private static final int TIMED_OUT = -2;

    @TempDir
    Path dir;

    private GatewayUnderTest postern;
    private final List<Socket> sockets = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
        if (postern != null) {
            postern.close();
        }
    }

    @Test
    void shouldCloseTheConnectionBeyondTheCapAtOnceAndAcceptAgainOnceOneCloses() throws Exception {
        postern = GatewayUnderTest.start(dir, List.of("max-connections: 3", "request-timeout: 60s"));
        List<Socket> idle = List.of(open(), open(), open());
        for (Socket socket : idle) {
            assertThat(answerTo(socket, "/healthz")).startsWith("HTTP/1.1 200");
        }

        Socket fourth = open();
        int firstRead = readOrTimeout(fourth.getInputStream());

        idle.get(0).close();
        String scrape = awaitMetricsThroughTheCap();

        assertThat(firstRead).as("the fourth connection is closed without an answer").isEqualTo(-1);
        assertThat(new AdminClient.Scrape(scrape.substring(scrape.indexOf("\r\n\r\n") + 4))
                .value("postern_admin_connections_refused_total")).isGreaterThanOrEqualTo(1);
        for (Socket socket : idle.subList(1, 3)) {
            assertThat(answerTo(socket, "/healthz")).as("connections within the cap keep working").startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void shouldCloseAConnectionThatTricklesItsRequestAfterTheRequestTimeout() throws Exception {
        postern = GatewayUnderTest.start(dir, List.of("request-timeout: 1s"));
        Socket trickler = open();
        OutputStream out = trickler.getOutputStream();
        out.write("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        long start = System.nanoTime();
        boolean closed = false;
        // One byte every 200 ms would keep a read timeout of 1 s from ever firing.
        while (!closed && System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(CLOSE_WITHIN_MS)) {
            Thread.sleep(200);
            try {
                out.write('a');
                out.flush();
                trickler.setSoTimeout(1);
                closed = readOrTimeout(trickler.getInputStream()) == -1;
            } catch (IOException reset) {
                closed = true;
            }
        }
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(closed).as("closed while trickling").isTrue();
        assertThat(elapsedMs).as("not before the request timeout").isGreaterThanOrEqualTo(900);
    }

    @Test
    void shouldCloseAnIdleKeepAliveConnectionAfterTheRequestTimeout() throws Exception {
        postern = GatewayUnderTest.start(dir, List.of("request-timeout: 1s"));
        Socket socket = open();
        assertThat(answerTo(socket, "/healthz")).startsWith("HTTP/1.1 200");
        socket.setSoTimeout(CLOSE_WITHIN_MS);

        assertThat(drain(socket.getInputStream())).as("end of stream once idle past the timeout").isEqualTo(-1);
    }

    @Test
    void shouldAskForTheBearerTokenOnMetricsOnlyAndNeverEchoIt() throws Exception {
        dev.postern.core.testing.TestSecrets.register(TOKEN);
        dev.postern.core.testing.TestSecrets.register(WRONG_TOKEN);
        Files.writeString(dir.resolve("metrics.token"), TOKEN + "\n");
        postern = GatewayUnderTest.start(dir, List.of("metrics-token-file: metrics.token"));
        postern.gateway.probeUpstreamsNow().get(10, TimeUnit.SECONDS);
        AdminClient admin = new AdminClient(postern.adminPort());

        HttpResponse<String> none = admin.get("/metrics");
        HttpResponse<String> wrong = admin.send(HttpRequest.newBuilder(admin.uri("/metrics"))
                .header("Authorization", "Bearer " + WRONG_TOKEN));
        HttpResponse<String> basic = admin.send(HttpRequest.newBuilder(admin.uri("/metrics"))
                .header("Authorization", "Basic " + TOKEN));
        HttpResponse<String> right = admin.send(HttpRequest.newBuilder(admin.uri("/metrics"))
                .header("Authorization", "bearer " + TOKEN));
        HttpResponse<String> healthz = admin.get("/healthz");
        HttpResponse<String> readyz = admin.get("/readyz");

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("www-authenticate")).hasValue("Bearer realm=\"postern metrics\"");
        assertThat(none.body()).isEqualTo(
                "unauthorized: /metrics needs the bearer token from admin.metrics-token-file\n");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("www-authenticate"))
                .hasValue("Bearer realm=\"postern metrics\", error=\"invalid_token\"");
        assertThat(wrong.body()).doesNotContain(WRONG_TOKEN).doesNotContain(TOKEN);
        assertThat(basic.statusCode()).isEqualTo(401);
        assertThat(right.statusCode()).isEqualTo(200);
        assertThat(new AdminClient.Scrape(right.body()).has("postern_upstream_up", "protocol", "imap")).isTrue();
        assertThat(healthz.statusCode()).isEqualTo(200);
        assertThat(readyz.statusCode()).isEqualTo(200);
    }

    private Socket open() throws IOException {
        Socket socket = new Socket("127.0.0.1", postern.adminPort());
        socket.setSoTimeout(CLOSE_WITHIN_MS);
        sockets.add(socket);
        return socket;
    }

    /** One GET on an open connection, kept alive; the status line and headers and body as text. */
    private static String answerTo(Socket socket, String path) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        byte[] buffer = new byte[256 * 1024];
        int length = socket.getInputStream().read(buffer);
        return length < 0 ? "" : new String(buffer, 0, length, StandardCharsets.US_ASCII);
    }

    /** A metrics scrape on a fresh connection, retried while the closed slot is being given back. */
    private String awaitMetricsThroughTheCap() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_WITHIN_MS);
        while (true) {
            try (Socket socket = new Socket("127.0.0.1", postern.adminPort())) {
                socket.setSoTimeout(CLOSE_WITHIN_MS);
                OutputStream out = socket.getOutputStream();
                out.write("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (answer.startsWith("HTTP/1.1 200") || System.nanoTime() > deadline) {
                    return answer;
                }
            } catch (IOException refused) {
                if (System.nanoTime() > deadline) {
                    throw refused;
                }
            }
            Thread.sleep(20);
        }
    }

    /** The first byte, -1 at end of stream (a reset counts as closed too), or {@link #TIMED_OUT}. */
    private static int readOrTimeout(InputStream in) {
        try {
            return in.read();
        } catch (SocketTimeoutException stillOpen) {
            return TIMED_OUT;
        } catch (IOException reset) {
            return -1;
        }
    }

    /** Reads until end of stream or a reset (-1), or until the socket's timeout ({@link #TIMED_OUT}). */
    private static int drain(InputStream in) {
        int read;
        do {
            read = readOrTimeout(in);
        } while (read >= 0);
        return read;
    }
}
