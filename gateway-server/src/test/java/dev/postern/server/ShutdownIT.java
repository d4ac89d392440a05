package dev.postern.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postern.core.testing.ImapTestClient;
import dev.postern.core.testing.SelfSignedPem;
import dev.postern.server.demo.Demo;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What SIGTERM does ({@link Gateway#shutdown}): listeners close, a client before login hears the
 * goodbye, a relayed session keeps working through the grace period and is closed at its end. The
 * grace period is a future the test completes, so nothing waits on a clock.
 */
class ShutdownIT {

    @TempDir
    Path dir;

    @Test
    void shouldSayGoodbyeBeforeLoginRefuseNewConnectionsAndDrainRelayedSessions() throws Exception {
        try (Demo demo = Demo.start(dir, 0, 0)) {
            // given: one relayed session and one client that has not logged in
            int starttls = demo.gateway().addresses("imap").get(0).getPort();
            int imaps = demo.gateway().addresses("imap").get(1).getPort();
            SSLContext trust = SelfSignedPem.clientContextTrusting(demo.certificate());
            try (ImapTestClient relayed = ImapTestClient.connectTls(imaps, trust);
                 ImapTestClient waiting = ImapTestClient.connect(starttls)) {
                assertThat(relayed.command("a1", "LOGIN \"" + Demo.USER + "\" \"" + demo.appPassword() + "\""))
                        .last().asString().startsWith("a1 OK");
                TestSecrets.register(demo);

                // when: the gateway is asked to stop
                CompletableFuture<Void> graceOver = new CompletableFuture<>();
                Thread stopping = new Thread(() -> demo.gateway().shutdown(graceOver), "test-shutdown");
                stopping.start();

                // then: the waiting client is told goodbye and the listeners are gone
                assertThat(waiting.readLine()).isEqualTo("* BYE Server shutting down.");
                assertThatThrownBy(() -> waiting.readLine()).isInstanceOf(IOException.class);
                assertRefusedSoon(imaps);
                assertRefusedSoon(starttls);

                // and the relayed session still works during the grace period
                assertThat(relayed.command("a2", "SELECT INBOX")).last().asString().startsWith("a2 OK");
                assertThat(relayed.command("a3", "NOOP")).last().asString().startsWith("a3 OK");
                assertThat(stopping.isAlive()).isTrue();

                // when the grace period ends
                graceOver.complete(null);
                stopping.join(TimeUnit.SECONDS.toMillis(20));

                // then the session is closed and the stop has finished
                assertThat(stopping.isAlive()).isFalse();
                assertThatThrownBy(() -> relayed.readLine()).isInstanceOf(IOException.class);
                assertThat(demo.gateway().connections().size()).isZero();
            }
        }
    }

    @Test
    void shouldReturnAtOnceWhenNoSessionIsOpen() throws Exception {
        try (Demo demo = Demo.start(dir, 0, 0)) {
            // when: a grace period that would never end on its own
            demo.gateway().shutdown(new CompletableFuture<>());

            // then
            assertRefusedSoon(demo.gateway().addresses("imap").get(1).getPort());
        }
    }

    @Test
    void shouldTellAnSmtpClientBeforeLoginThatTheServiceIsShuttingDown() throws Exception {
        try (Demo demo = Demo.start(dir, 0, 0, 0, 0, 0)) {
            int submission = demo.gateway().addresses("smtp").get(0).getPort();
            try (ImapTestClient waiting = ImapTestClient.connect(submission)) {
                // given: an SMTP client that has been greeted and said EHLO
                assertThat(waiting.greeting()).startsWith("220 ");
                waiting.sendLine("EHLO client.example");
                String line;
                do {
                    line = waiting.readLine();
                } while (line.startsWith("250-"));

                // when
                demo.gateway().shutdown(new CompletableFuture<>());

                // then
                assertThat(waiting.readLine()).matches("421 4\\.3\\.2 \\S+ Service shutting down");
                assertThatThrownBy(() -> waiting.readLine()).isInstanceOf(IOException.class);
            }
        }
    }

    /**
     * A closed listener refuses connections. NIO releases a listening socket only once its selector
     * has deregistered it, just after the close completes, so the kernel may still complete one last
     * handshake into the old backlog (never served, reset when the socket goes): poll, bounded.
     */
    private static void assertRefusedSoon(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                connect(port);
            } catch (ConnectException refused) {
                return;
            } catch (IOException other) {
                // reset or timed out: keep asking until the port refuses outright
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("port " + port + " still accepts connections 10 s after the listeners closed");
            }
            Thread.sleep(20);
        }
    }

    private static void connect(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        }
    }
}
