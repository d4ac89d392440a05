package dev.postern.server.imap;

import static dev.postern.server.imap.ImapGatewayHarness.USER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.core.store.Scope;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Refused credentials all read the same and never cause an upstream connection. The upstream here
 * is a {@link SilentUpstream}: it counts connections and never answers, so an accepted credential
 * ends in {@code NO [UNAVAILABLE]} after the login timeout.
 */
class ImapRefusalIT {

    static final String AUTHENTICATION_FAILED = "a NO [AUTHENTICATIONFAILED] Authentication failed.";
    static final Duration LOGIN_TIMEOUT = Duration.ofSeconds(1);

    @TempDir
    static Path folder;
    static SilentUpstream upstream;
    static ImapGatewayHarness harness;

    /** The ways a presented credential can be wrong. */
    enum Refusal { WRONG_PASSWORD, REVOKED, EXPIRED, SMTP_ONLY, UNKNOWN_USER }

    @BeforeAll
    static void startGateway() throws IOException {
        upstream = new SilentUpstream();
        harness = ImapGatewayHarness.builder(folder).upstreamPort(upstream.port()).loginTimeout(LOGIN_TIMEOUT).start();
    }

    @AfterAll
    static void stopGateway() throws IOException {
        harness.close();
        upstream.close();
    }

    @ParameterizedTest
    @EnumSource(Refusal.class)
    void shouldRefuseWithTheSameLineAndWithoutConnectingUpstream(Refusal refusal) throws IOException {
        // given
        String user = refusal == Refusal.UNKNOWN_USER ? "nobody@example.test" : USER;
        String password = switch (refusal) {
            case WRONG_PASSWORD -> harness.createAppPassword("bob@example.test", EnumSet.of(Scope.IMAP));
            case REVOKED -> harness.createRevokedAppPassword(USER);
            case EXPIRED -> harness.createExpiredAppPassword(USER);
            case SMTP_ONLY -> harness.createAppPassword(USER, EnumSet.of(Scope.SMTP));
            case UNKNOWN_USER -> harness.appPassword();
        };
        int connectionsBefore = upstream.accepted();
        try (RawImapClient client = harness.connectImplicit()) {
            // when
            List<String> reply = client.command("a", "LOGIN " + user + " " + password);

            // then
            assertThat(reply).containsExactly(AUTHENTICATION_FAILED);
            assertThat(client.command("b", "NOOP")).containsExactly("b OK NOOP completed.");
            assertThat(upstream.accepted()).isEqualTo(connectionsBefore);
        }
    }

    @Test
    void shouldRefuseAnAuthzidNamingAnotherUserWithoutConnectingUpstream() throws IOException {
        int connectionsBefore = upstream.accepted();
        try (RawImapClient client = harness.connectImplicit()) {
            String response = ImapLoginIT.base64("bob@example.test\0" + USER + "\0" + harness.appPassword());

            List<String> reply = client.command("a", "AUTHENTICATE PLAIN " + response);

            assertThat(reply).containsExactly("a NO [AUTHORIZATIONFAILED] Logging in as another user is not allowed.");
            assertThat(client.command("b", "NOOP")).containsExactly("b OK NOOP completed.");
            assertThat(upstream.accepted()).isEqualTo(connectionsBefore);
        }
    }

    @Test
    void shouldAnswerUnavailableWhenTheUpstreamNeverAnswers() throws IOException, InterruptedException {
        try (RawImapClient client = harness.connectImplicit()) {
            long sent = System.nanoTime();
            List<String> reply = client.command("a", "LOGIN " + USER + " " + harness.appPassword());

            assertThat(reply).containsExactly("a NO [UNAVAILABLE] Mail server unavailable, try again later.");
            assertThat(Duration.ofNanos(System.nanoTime() - sent)).isGreaterThanOrEqualTo(LOGIN_TIMEOUT);
            assertThat(upstream.awaitConnection(RawImapClient.TIMEOUT_MILLIS)).as("the gateway connected upstream").isTrue();
            assertThat(client.command("b", "NOOP")).containsExactly("b OK NOOP completed.");
        }
    }
}
