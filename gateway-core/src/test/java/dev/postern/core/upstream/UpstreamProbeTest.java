package dev.postern.core.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.core.ingress.Transport;
import dev.postern.core.testing.FakeClock;
import dev.postern.core.tls.TlsContexts;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The readiness probe against real loopback sockets. */
class UpstreamProbeTest {

    private final Transport transport = Transport.nio();
    private final EventLoopGroup group = transport.newGroup(1);
    private final FakeClock clock = new FakeClock();

    @AfterEach
    void tearDown() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    private UpstreamProbe probeOf(int port, UpstreamEndpoint.Security security) {
        UpstreamEndpoint endpoint = new UpstreamEndpoint("127.0.0.1", port, security,
                security == UpstreamEndpoint.Security.NONE ? null : TlsContexts.forUpstreamInsecure(), "localhost",
                Duration.ofSeconds(5), Duration.ofSeconds(5));
        return new UpstreamProbe("imap", transport, group, endpoint, clock);
    }

    @Test
    void shouldFindAListeningUpstreamReachable() throws IOException {
        try (ServerSocket upstream = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            UpstreamProbe probe = probeOf(upstream.getLocalPort(), UpstreamEndpoint.Security.NONE);

            UpstreamProbe.Status status = probe.probe().orTimeout(10, TimeUnit.SECONDS).join();

            assertThat(status).isEqualTo(new UpstreamProbe.Status(true, "", clock.instant()));
            assertThat(probe.last()).isEqualTo(status);
        }
    }

    @Test
    void shouldReadTheGreetingBeforeClosingSoTheServerSeesAnOrderlyEndNotAReset() throws Exception {
        try (ServerSocket upstream = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> serverSaw = new CompletableFuture<>();
            CompletableFuture<Void> recorded = new CompletableFuture<>();
            Thread greeter = new Thread(() -> {
                try (Socket client = upstream.accept(); OutputStream out = client.getOutputStream()) {
                    recorded.get(10, TimeUnit.SECONDS); // greet only once the probe has recorded its result
                    client.setSoTimeout(50);
                    String before;
                    try {
                        before = client.getInputStream().read() == -1 ? "closed before the greeting" : "data";
                    } catch (java.net.SocketTimeoutException stillOpen) {
                        before = "open";
                    }
                    out.write("* OK IMAP ready\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    client.setSoTimeout(10_000);
                    String after = client.getInputStream().read() == -1 ? "end of stream" : "data";
                    serverSaw.complete(before + ", then " + after);
                } catch (IOException | InterruptedException | java.util.concurrent.ExecutionException
                         | java.util.concurrent.TimeoutException e) {
                    serverSaw.complete(e.toString());
                }
            });
            greeter.start();
            UpstreamProbe probe = probeOf(upstream.getLocalPort(), UpstreamEndpoint.Security.NONE);

            UpstreamProbe.Status status = probe.probe().orTimeout(10, TimeUnit.SECONDS).join();
            recorded.complete(null);

            assertThat(status.reachable()).isTrue();
            assertThat(serverSaw.get(15, TimeUnit.SECONDS)).isEqualTo("open, then end of stream");
            greeter.join(10_000);
        }
    }

    @Test
    void shouldReportAClosedPortUnreachable() throws IOException {
        int port;
        try (ServerSocket gone = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = gone.getLocalPort();
        }
        UpstreamProbe probe = probeOf(port, UpstreamEndpoint.Security.NONE);

        UpstreamProbe.Status status = probe.probe().orTimeout(10, TimeUnit.SECONDS).join();

        assertThat(status.reachable()).isFalse();
        assertThat(status.reason()).startsWith("unreachable: ").contains(String.valueOf(port));
    }

    @Test
    void shouldFailAnImplicitTlsProbeWhenTheUpstreamSpeaksPlainText() throws Exception {
        try (ServerSocket upstream = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread greeter = new Thread(() -> {
                try (Socket client = upstream.accept(); OutputStream out = client.getOutputStream()) {
                    out.write("* OK plain IMAP here\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    client.getInputStream().read();
                } catch (IOException ignored) {
                    // the probe closed first
                }
            });
            greeter.start();
            UpstreamProbe probe = probeOf(upstream.getLocalPort(), UpstreamEndpoint.Security.IMPLICIT);

            UpstreamProbe.Status status = probe.probe().orTimeout(10, TimeUnit.SECONDS).join();

            assertThat(status.reachable()).isFalse();
            assertThat(status.reason()).startsWith("tls: ");
            greeter.join(10_000);
        }
    }
}
