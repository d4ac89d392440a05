package dev.postern.server.imap;

import static dev.postern.server.imap.ImapGatewayHarness.USER;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trouble on the upstream leg: an upstream that is down is the gateway's problem (the client is
 * told to retry, and can, on the same connection); a client that leaves during a slow upstream
 * login leaves no upstream connection behind.
 */
class ImapUpstreamTroubleIT {

    static final String UNAVAILABLE = " NO [UNAVAILABLE] Mail server unavailable, try again later.";

    @Test
    void shouldAnswerUnavailableWhileNothingListensAndLogInOnceTheUpstreamIsBack(@TempDir Path folder) throws IOException {
        // given an upstream port where nothing listens: bound here without listening (connections to it are
        // refused), so that no other bind takes it before the upstream comes up
        Socket reserved = new Socket();
        reserved.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        int port = reserved.getLocalPort();
        try (reserved;
             ImapGatewayHarness harness = ImapGatewayHarness.builder(folder).upstreamPort(port).start();
             RawImapClient client = harness.connectImplicit()) {
            String login = "LOGIN " + USER + " " + harness.appPassword();

            // when the client tries more often than the failed-login limit allows
            for (String tag : List.of("a", "b", "c", "d")) {
                assertThat(client.command(tag, login)).containsExactly(tag + UNAVAILABLE);
            }

            // then it is not penalised, and once the upstream is up the same connection logs in
            reserved.close();
            GreenMail greenMail = Upstreams.greenMail(port, USER, harness.upstreamPassword());
            try {
                List<String> reply = client.command("e", login);
                assertThat(reply).hasSize(1);
                assertThat(reply.get(0)).startsWith("e OK [CAPABILITY IMAP4rev1 ").endsWith("] Logged in.");
                assertThat(client.command("f", "SELECT INBOX")).last().asString().startsWith("f OK ");
                assertThat(client.command("g", "LOGOUT")).last().asString().startsWith("g OK");
            } finally {
                greenMail.stop();
            }
        }
    }

    @Test
    void shouldCloseTheUpstreamConnectionWhenTheClientLeavesDuringTheUpstreamLogin(@TempDir Path folder)
            throws IOException, InterruptedException {
        // given an upstream that never answers, and the default 30 s login timeout
        try (SilentUpstream upstream = new SilentUpstream();
             ImapGatewayHarness harness = ImapGatewayHarness.builder(folder).upstreamPort(upstream.port())
                     .loginTimeout(Duration.ofSeconds(30)).start()) {
            RawImapClient client = harness.connectImplicit();
            client.sendLine("a LOGIN " + USER + " " + harness.appPassword());
            assertThat(upstream.awaitConnection(RawImapClient.TIMEOUT_MILLIS)).as("upstream connection").isTrue();

            // when the client leaves while the upstream login is pending
            client.close();

            // then the gateway drops the upstream connection at once, not at the login timeout
            assertThat(upstream.newestClosedWithin(5_000)).as("upstream connection closed by the gateway").isTrue();
        }
    }
}
