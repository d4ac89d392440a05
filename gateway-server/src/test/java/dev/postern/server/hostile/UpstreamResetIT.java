package dev.postern.server.hostile;

import static dev.postern.server.hostile.HostileGateway.USER;
import static dev.postern.server.hostile.WellBehavedClients.assertImapStillServes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.server.imap.RawImapClient;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The upstream resets a relayed session (an RST, as from a crashed server or a middlebox): the
 * gateway closes the client's connection promptly, counts the session as closed by the upstream,
 * and keeps serving new clients once the upstream accepts again. The upstream is GreenMail behind a
 * {@link ResettingForwarder}.
 */
class UpstreamResetIT {

    @TempDir
    static Path folder;
    static ResettingForwarder forwarder;
    static HostileGateway gateway;

    @BeforeAll
    static void start() throws IOException {
        forwarder = new ResettingForwarder();
        gateway = new HostileGateway(folder, HostileGateway.Tuning.DEFAULT.withImapUpstream(forwarder::forwardTo));
    }

    @AfterAll
    static void stop() throws IOException {
        try {
            gateway.close();
        } finally {
            forwarder.close();
        }
    }

    @AfterEach
    void othersAreStillServed() throws IOException {
        assertImapStillServes(gateway);
    }

    @Test
    void shouldCloseTheClientPromptlyWhenTheUpstreamResetsASelectedSession() throws Exception {
        double closedBefore = closedByUpstream();
        try (RawImapClient client = RawImapClient.connectTls(gateway.imapImplicitPort(), gateway.clientTls())) {
            // given: a logged-in session with INBOX selected
            assertThat(client.command("a", "LOGIN " + USER + " " + gateway.appPassword()))
                    .last().asString().startsWith("a OK [CAPABILITY ").endsWith("] Logged in.");
            assertThat(client.command("b", "SELECT INBOX")).last().asString().startsWith("b OK");
            assertThat(forwarder.connections()).isPositive();

            // when
            forwarder.resetAll();

            // then: closed within the client's socket timeout (RawImapClient.TIMEOUT_MILLIS), nothing more said
            List<String> last = client.readUntilClosed();
            assertThat(last).isEmpty();
        }
        assertThat(closedByUpstream()).isEqualTo(closedBefore + 1);
        // and a new client logs in through the forwarder, which accepts again (also checked after each test)
        try (RawImapClient next = RawImapClient.connectTls(gateway.imapImplicitPort(), gateway.clientTls())) {
            assertThat(next.command("c", "LOGIN " + USER + " " + gateway.appPassword()))
                    .last().asString().startsWith("c OK [CAPABILITY ").endsWith("] Logged in.");
            assertThat(next.command("d", "SELECT INBOX")).last().asString().startsWith("d OK");
        }
    }

    private static double closedByUpstream() throws IOException, InterruptedException {
        return Scrapes.value(gateway.gateway().adminAddress(), "postern_sessions_closed_total",
                "protocol", "imap", "cause", "upstream");
    }
}
