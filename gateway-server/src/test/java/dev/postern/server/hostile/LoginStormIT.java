package dev.postern.server.hostile;

import static dev.postern.server.hostile.HostileGateway.USER;
import static dev.postern.server.hostile.WellBehavedClients.assertImapStillServes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.server.imap.RawImapClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many clients log in as one cold user at the same moment: the gateway computes the slow hash once
 * and every client shares its verdict.
 *
 * <p>The clients use the loopback listener without TLS: Hundreds of TLS handshakes on both ends of one JVM
 * take most of a shared 2-core machine for tens of seconds, and TLS has nothing to do with how the
 * verifier shares a check. Connecting is sequential (each greeting read), then every LOGIN is
 * written in one quick loop (a small write does not block), then every reply read: no client
 * thread is needed to make the logins arrive together, and every wait is bounded by the client's
 * socket timeout.
 */
class LoginStormIT {

    /**
     * As many as the issue asks for. Behind the shared verdict every client's upstream login reaches
     * GreenMail at once; connections beyond its accept backlog (50) are completed by the kernel but
     * not served before the upstream login timeout, so some of those clients are told
     * {@code NO [UNAVAILABLE] Mail server unavailable}: the upstream's limit, answered as the
     * gateway-side failure it is. What this test is about holds for all of them: nobody is refused
     * as a wrong password, and the slow hash runs once.
     */
    private static final int CLIENTS = 500;
    private static final String LOGGED_IN = "a OK [CAPABILITY ";
    private static final String UPSTREAM_UNAVAILABLE = "a NO [UNAVAILABLE] Mail server unavailable, try again later.";
    /** Every client's wait for its reply (the upstream logins queue up at GreenMail). */
    private static final int REPLY_TIMEOUT_MILLIS = 60_000;

    @TempDir
    static Path folder;
    static HostileGateway gateway;

    @BeforeAll
    static void start() throws IOException {
        gateway = new HostileGateway(folder, HostileGateway.Tuning.DEFAULT.withLimits(String.join("\n",
                "  max-connections-per-ip: " + (CLIENTS + 50),
                "  connections-per-minute-per-ip: " + (CLIENTS * 4)))
                // the first client waits while the others connect and GreenMail logs them all in
                .withPreAuthTimeout(Duration.ofSeconds(60)));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @AfterEach
    void othersAreStillServed() throws IOException {
        assertImapStillServes(gateway);
    }

    @Test
    void shouldComputeTheHashOnceForHundredsOfConcurrentLoginsOfOneColdUser() throws Exception {
        List<RawImapClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < CLIENTS; i++) {
                clients.add(RawImapClient.connectPlain(gateway.imapPlainPort()));
            }
            double hashesBefore = hashes();

            for (RawImapClient client : clients) {
                client.socket().setSoTimeout(REPLY_TIMEOUT_MILLIS);
                client.sendLine("a LOGIN " + USER + " " + gateway.appPassword());
            }
            List<String> replies = new ArrayList<>();
            for (RawImapClient client : clients) {
                replies.add(client.readUntilTagged("a").get(0));
            }

            assertThat(replies).hasSize(CLIENTS)
                    .allSatisfy(reply -> assertThat(reply).satisfiesAnyOf(
                            ok -> assertThat(ok).startsWith(LOGGED_IN).endsWith("] Logged in."),
                            unavailable -> assertThat(unavailable).isEqualTo(UPSTREAM_UNAVAILABLE)))
                    .anySatisfy(reply -> assertThat(reply).startsWith(LOGGED_IN));
            assertThat(hashesBefore).isZero();
            assertThat(hashes()).isEqualTo(1.0);
        } finally {
            for (RawImapClient client : clients) {
                client.close();
            }
        }
    }

    private static double hashes() throws IOException, InterruptedException {
        return Scrapes.value(gateway.gateway().adminAddress(), "postern_login_duration_seconds_count", "phase", "hash");
    }
}
