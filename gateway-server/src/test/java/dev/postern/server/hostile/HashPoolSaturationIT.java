package dev.postern.server.hostile;

import static dev.postern.server.hostile.HostileGateway.USER;
import static dev.postern.server.hostile.WellBehavedClients.assertImapStillServes;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMailUtil;
import dev.postern.server.imap.RawImapClient;
import jakarta.mail.internet.MimeMessage;
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
 * A storm of cold logins with wrong passwords overflows a hash pool of one thread and one queue slot:
 * the overflow is refused at once as a temporary failure (not queued without bound, not hung), the
 * hashes that did run refuse their logins as usual, and a session already relayed is not disturbed
 * (an IDLE session still hears of new mail).
 *
 * <p>As in {@link LoginStormIT}, the clients use the loopback listener without TLS, connect one by
 * one, write every LOGIN in one quick loop and then read every reply.
 */
class HashPoolSaturationIT {

    private static final int CLIENTS = 30;
    /** GreenMail's continuation request for IDLE, relayed as it is. */
    private static final String GREENMAIL_IDLING = "+ OK";
    private static final String UNAVAILABLE = " NO [UNAVAILABLE] Temporary authentication failure, try again later.";
    private static final String AUTH_FAILED = " NO [AUTHENTICATIONFAILED] Authentication failed.";
    /** Every client's wait for its reply: at most two hashes and the failure delay. */
    private static final int REPLY_TIMEOUT_MILLIS = 30_000;

    @TempDir
    static Path folder;
    static HostileGateway gateway;

    @BeforeAll
    static void start() throws IOException {
        gateway = new HostileGateway(folder, HostileGateway.Tuning.DEFAULT
                .withAuth("  hash-pool: { threads: 1, queue: 1 }")
                .withLimits(String.join("\n",
                        "  max-connections-per-ip: " + (CLIENTS + 50),
                        "  connections-per-minute-per-ip: " + (CLIENTS * 4)))
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
    void shouldRefuseOverflowingColdLoginsAsTemporaryWhileAnIdleSessionKeepsWorking() throws Exception {
        List<RawImapClient> clients = new ArrayList<>();
        try (RawImapClient idle = RawImapClient.connectPlain(gateway.imapPlainPort())) {
            // given: a relayed session waiting in IDLE, and many clients connected but not logged in
            assertThat(idle.command("l", "LOGIN " + USER + " " + gateway.appPassword()))
                    .last().asString().startsWith("l OK [CAPABILITY ").endsWith("] Logged in.");
            assertThat(idle.command("s", "SELECT INBOX")).last().asString().startsWith("s OK");
            idle.sendLine("i IDLE");
            assertThat(idle.readLine()).isEqualTo(GREENMAIL_IDLING);
            for (int i = 0; i < CLIENTS; i++) {
                clients.add(RawImapClient.connectPlain(gateway.imapPlainPort()));
            }
            double rejectionsBefore = hashPoolRejections();

            // when: every client tries a different wrong password at once, and mail arrives meanwhile
            for (int i = 0; i < CLIENTS; i++) {
                clients.get(i).socket().setSoTimeout(REPLY_TIMEOUT_MILLIS);
                clients.get(i).sendLine("a" + i + " LOGIN " + USER + " wrong-password-" + i);
            }
            deliverTo(USER);
            List<String> replies = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                replies.add(clients.get(i).readUntilTagged("a" + i).get(0).substring(("a" + i).length()));
            }

            // then
            assertThat(replies).allSatisfy(reply -> assertThat(reply).isIn(UNAVAILABLE, AUTH_FAILED));
            long unavailable = replies.stream().filter(UNAVAILABLE::equals).count();
            assertThat(unavailable).isPositive();
            // at least the first hash ran; often only it: the pool's idle thread takes the queued task a
            // moment after it is queued, and logins arriving in that moment find the one slot taken
            assertThat(CLIENTS - unavailable).isPositive();
            assertThat(hashPoolRejections()).isEqualTo(rejectionsBefore + unavailable);
            assertThat(readUntilExists(idle)).matches("\\* \\d+ EXISTS");
            idle.sendLine("DONE");
            assertThat(idle.readUntilTagged("i")).last().asString().startsWith("i OK");
        } finally {
            for (RawImapClient client : clients) {
                client.close();
            }
        }
    }

    private static void deliverTo(String user) {
        MimeMessage message = GreenMailUtil.createTextEmail(user, "sender@example.test", "while idling",
                "new mail", gateway.greenMail().getSmtp().getServerSetup());
        gateway.greenMail().getUserManager().getUser(user).deliver(message);
    }

    /** The first untagged EXISTS the IDLE session hears (other untagged lines, like RECENT, skipped). */
    private static String readUntilExists(RawImapClient idle) throws IOException {
        String line;
        do {
            line = idle.readLine();
        } while (!line.endsWith(" EXISTS"));
        return line;
    }

    private static double hashPoolRejections() throws IOException, InterruptedException {
        return Scrapes.value(gateway.gateway().adminAddress(), "postern_pool_rejections_total", "pool", "hash");
    }
}
