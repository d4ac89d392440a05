package dev.postern.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.core.testing.ImapTestClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real IMAP logins through a running gateway, then a scrape of {@code /metrics}: each counter moved
 * by what happened, and no label carries a user name or an app-password id.
 */
class MetricsIT {

    private static final Duration EVENTUALLY = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private GatewayUnderTest postern;
    private AdminClient admin;

    @BeforeEach
    void start() throws Exception {
        postern = GatewayUnderTest.start(dir);
        admin = new AdminClient(postern.adminPort());
    }

    @AfterEach
    void stop() {
        postern.close();
    }

    @Test
    void shouldCountEachLoginOutcomeItsLatencyAndTheRelayedSession() throws Exception {
        AdminClient.Scrape before = admin.scrape();

        loginLogoutAndWaitForTheClose();
        try (ImapTestClient client = ImapTestClient.connectTls(postern.imapsPort(), postern.clientTls())) {
            assertThat(client.command("a", "LOGIN " + GatewayUnderTest.USER + " not-the-password"))
                    .last().asString().startsWith("a NO [AUTHENTICATIONFAILED]");
            String plain = Base64.getEncoder().encodeToString(("someone@example.com\0" + GatewayUnderTest.USER + "\0"
                    + postern.appPassword).getBytes(StandardCharsets.UTF_8));
            assertThat(client.command("b", "AUTHENTICATE PLAIN " + plain)).last().asString().startsWith("b NO ");
        }
        postern.upstream.close();
        try (ImapTestClient client = ImapTestClient.connectTls(postern.imapsPort(), postern.clientTls())) {
            assertThat(client.command("a", "LOGIN " + GatewayUnderTest.USER + " " + postern.appPassword))
                    .last().asString().startsWith("a NO [UNAVAILABLE]");
        }
        AdminClient.Scrape after = admin.scrape();

        assertThat(delta(before, after, "postern_login_attempts_total", "outcome", "success")).isEqualTo(1);
        assertThat(delta(before, after, "postern_login_attempts_total", "outcome", "rejected")).isEqualTo(2);
        assertThat(delta(before, after, "postern_login_attempts_total", "outcome", "unavailable")).isEqualTo(1);
        assertThat(delta(before, after, "postern_login_rejections_total", "reason", "wrong_password")).isEqualTo(1);
        assertThat(delta(before, after, "postern_login_rejections_total", "reason", "authzid_mismatch")).isEqualTo(1);
        assertThat(delta(before, after, "postern_login_unavailable_total", "reason", "upstream_unreachable")).isEqualTo(1);
        assertThat(delta(before, after, "postern_upstream_failures_total", "reason", "unreachable")).isEqualTo(1);
        assertThat(delta(before, after, "postern_throttle_actions_total", "action", "failure_delay")).isEqualTo(2);

        assertThat(delta(before, after, "postern_login_duration_seconds_count", "phase", "hash")).isEqualTo(2);
        assertThat(delta(before, after, "postern_login_duration_seconds_count", "phase", "cache")).isEqualTo(1);
        assertThat(delta(before, after, "postern_login_duration_seconds_count", "phase", "upstream")).isEqualTo(1);
        assertThat(after.has("postern_login_duration_seconds_bucket", "phase", "hash", "le", "+Inf")).isTrue();
        assertThat(delta(before, after, "postern_upstream_connect_duration_seconds_count")).isEqualTo(1);
        assertThat(delta(before, after, "postern_upstream_login_duration_seconds_count")).isEqualTo(1);
        // Caffeine counts a hit when an entry is present: the wrong password found one too (then mismatched).
        assertThat(delta(before, after, "postern_verify_cache_hits_total")).isEqualTo(2);
        assertThat(delta(before, after, "postern_verify_cache_misses_total")).isEqualTo(1);
        assertThat(after.value("postern_verify_cache_size")).isEqualTo(1);

        assertThat(delta(before, after, "postern_connections_opened_total", "protocol", "imap")).isEqualTo(3);
        // the last client went away without waiting for the server: its close is counted a moment later
        eventually(() -> assertThat(admin.scrape().value("postern_connections_active", "protocol", "imap")).isZero());
        assertThat(delta(before, after, "postern_relay_bytes_total", "direction", "client_to_upstream"))
                .isEqualTo(("b NOOP\r\nc LOGOUT\r\n").length());
        assertThat(delta(before, after, "postern_relay_bytes_total", "direction", "upstream_to_client")).isPositive();
        assertThat(delta(before, after, "postern_sessions_closed_total", "protocol", "imap")).isEqualTo(1);
        assertThat(after.value("postern_sessions_active", "protocol", "imap")).isZero();

        assertThat(after.text()).doesNotContain(GatewayUnderTest.USER).doesNotContain("someone@example.com")
                .doesNotContain(postern.appPasswordId);
    }

    @Test
    void shouldCountAPlainTextClientOnTheImplicitTlsPortAsANotTlsHandshakeFailure() throws Exception {
        AdminClient.Scrape before = admin.scrape();

        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), postern.imapsPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write("a LOGIN someone secret\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            drain(socket.getInputStream());
        }

        eventually(() -> assertThat(delta(before, admin.scrape(), "postern_tls_handshake_failures_total",
                "protocol", "imap", "reason", "not_tls")).isEqualTo(1));
    }

    /** A successful login, two relayed commands, and the server's close seen by the client. */
    private void loginLogoutAndWaitForTheClose() throws IOException {
        try (ImapTestClient client = ImapTestClient.connectTls(postern.imapsPort(), postern.clientTls())) {
            assertThat(client.command("a", "LOGIN " + GatewayUnderTest.USER + " " + postern.appPassword))
                    .last().asString().startsWith("a OK");
            assertThat(client.command("b", "NOOP")).last().asString().startsWith("b OK");
            assertThat(client.command("c", "LOGOUT")).last().asString().startsWith("c OK");
            drain(client.socket().getInputStream());
        }
    }

    /** Reads until the server closes the connection: by then the session's close has been counted. */
    private static void drain(InputStream in) throws IOException {
        byte[] buffer = new byte[512];
        try {
            while (in.read(buffer) >= 0) {
                // discard
            }
        } catch (javax.net.ssl.SSLException | java.net.SocketException closed) {
            // the peer reset or closed without close_notify: closed all the same
        }
    }

    private static double delta(AdminClient.Scrape before, AdminClient.Scrape after, String name, String... labels) {
        return after.value(name, labels) - before.value(name, labels);
    }

    /** Retries an assertion on fresh scrapes until it holds or {@link #EVENTUALLY} has passed. */
    private static void eventually(ThrowingRunnable assertion) throws Exception {
        Instant deadline = Instant.now().plus(EVENTUALLY);
        while (true) {
            try {
                assertion.run();
                return;
            } catch (AssertionError e) {
                if (Instant.now().isAfter(deadline)) {
                    throw e;
                }
                Thread.onSpinWait();
            }
        }
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}
