package dev.postern.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.postern.core.front.PreAuthFront;
import dev.postern.core.ingress.ConnectionContext;
import dev.postern.core.testing.ImapTestClient;
import dev.postern.core.testing.SelfSignedPem;
import dev.postern.core.tls.SelfSignedCertificates;
import dev.postern.server.demo.Demo;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lines the front logs about a connection carry its id, protocol, client IP and phase (MDC). */
class ConnectionContextIT {

    @TempDir
    Path dir;

    @Test
    void shouldLogAFailedHandshakeWithTheConnectionsContext() throws Exception {
        try (Demo demo = Demo.start(dir.resolve("demo"), 0, 0);
             CapturedLog front = CapturedLog.of(PreAuthFront.class.getName())) {
            // given: a client that trusts another certificate
            int imaps = demo.gateway().addresses("imap").get(1).getPort();
            Path other = SelfSignedCertificates.writeTo(dir.resolve("other")).certificate();

            // when
            assertThatThrownBy(() -> ImapTestClient.connectTls(imaps, SelfSignedPem.clientContextTrusting(other)))
                    .isInstanceOf(SSLException.class);

            // then
            ILoggingEvent event = awaitFirst(front);
            Map<String, String> mdc = event.getMDCPropertyMap();
            assertThat(event.getFormattedMessage()).contains("TLS handshake");
            assertThat(mdc.get(ConnectionContext.CONN)).isNotBlank();
            assertThat(mdc.get(ConnectionContext.PROTO)).isEqualTo("imap");
            assertThat(mdc.get(ConnectionContext.CLIENT)).isEqualTo("127.0.0.1");
            assertThat(mdc.get(ConnectionContext.PHASE)).isEqualTo(ConnectionContext.PHASE_PRE_AUTH);
        }
    }

    /** The server logs after the client saw the failure; wait for that line (bounded, no fixed sleep). */
    private static ILoggingEvent awaitFirst(CapturedLog log) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (log.events().isEmpty() && System.nanoTime() < deadline) {
            synchronized (log) {
                log.wait(20);
            }
        }
        assertThat(log.events()).isNotEmpty();
        return log.events().get(0);
    }
}
