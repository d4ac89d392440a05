package dev.postern.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A port held by another process is named as such (not blamed on privileges), and the run exits 2. */
class PortInUseTest {

    @TempDir
    Path dir;

    @Test
    void shouldSayServeCannotListenBecauseThePortIsInUse() throws Exception {
        try (ServerSocket other = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            // given
            int port = other.getLocalPort();
            dev.postern.core.seal.SecretSealer.createKeyFile(dir.resolve("k"), new java.security.SecureRandom());
            CliFixture fixture = new CliFixture(dir, CliFixture.STORED_CREDENTIAL
                    + "imap:\n  listeners: [{ address: \"127.0.0.1:" + port + "\", tls: none }]\n"
                    + "  upstream: { address: \"127.0.0.1:1\", tls: none }\n"
                    + "admin: { address: \"127.0.0.1:0\" }\n");

            // when
            CliRun run = fixture.run("serve");

            // then
            assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
            assertThat(run.err()).isEqualTo("postern: imap none: cannot listen on 127.0.0.1:" + port + ": port " + port
                    + " is in use (by another process: ss -ltnp 'sport = :" + port + "')\n");
        }
    }

    @Test
    void shouldPointTheDemoAtItsPortOptionWhenAPortIsInUse() throws Exception {
        try (ServerSocket other = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            // given
            int port = other.getLocalPort();

            // when
            CliRun run = CliRun.run("", Map.of(), "demo", "--folder", dir.toString(), "--imap-port",
                    String.valueOf(port), "--imaps-port", "0", "--smtp-port", "0", "--smtps-port", "0",
                    "--pop3-port", "0", "--pop3s-port", "0", "--admin-port", "0");

            // then
            assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
            assertThat(run.err()).isEqualTo("postern: imap starttls: cannot listen on 127.0.0.1:" + port + ": port "
                    + port + " is in use (by another process: ss -ltnp 'sport = :" + port + "'); start the demo "
                    + "with another --imap-port (0 picks a free port)\n")
                    .doesNotContain("CAP_NET_BIND_SERVICE", "unexpected error");
        }
    }
}
