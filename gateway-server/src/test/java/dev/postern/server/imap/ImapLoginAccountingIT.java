package dev.postern.server.imap;

import static dev.postern.server.imap.ImapGatewayHarness.USER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.server.hostile.AuditCapture;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every check is accounted for, whether or not the client stays to hear the answer, and failures
 * against a user from elsewhere do not slow that user's own device (issue 11, defects 2, 3 and 7).
 */
class ImapLoginAccountingIT {

    private static final byte[] NONE = new byte[0];
    private static final Duration AUDIT_WAIT = Duration.ofSeconds(20);
    private static final String WRONG = "wrong-password";

    @TempDir
    java.nio.file.Path dir;

    @Test
    void shouldAuditAndCountGuessesWhoseClientHangsUpBeforeTheAnswer() throws Exception {
        // per-ip as many as the guesses: a failure counts once its check ends, so with fewer the last
        // guesses could arrive after the first ones were counted and be refused unchecked
        String limits = String.join("\n", "limits:", "  failures:", "    per-ip: 5", "    max-delay: 100ms", "");
        try (ImapGatewayHarness harness = ImapGatewayHarness.builder(dir).extraYaml(limits).start();
             AuditCapture audit = new AuditCapture()) {
            // given: five guesses from 127.0.0.3, each client gone right after its LOGIN
            for (int i = 0; i < 5; i++) {
                try (RawImapClient guesser = from("127.0.0.3", harness)) {
                    guesser.sendLine("a LOGIN \"" + USER + "\" \"" + WRONG + "-" + i + "\"");
                }
            }

            // then: each check that ran is audited as refused
            audit.await(line -> line.contains("\"client_ip\":\"127.0.0.3\"") && line.contains("\"outcome\":\"rejected\""),
                    5, AUDIT_WAIT);

            // and counted: the source is at per-ip, so even the right password is refused unchecked
            try (RawImapClient again = from("127.0.0.3", harness)) {
                assertThat(again.command("b", "LOGIN \"" + USER + "\" \"" + harness.appPassword() + "\"")).last()
                        .asString().startsWith("b NO [UNAVAILABLE]");
            }
        }
    }

    @Test
    void shouldAuditAnAcceptedLoginWhoseClientLeftBeforeTheSessionStarted() throws Exception {
        try (ImapGatewayHarness harness = ImapGatewayHarness.start(dir);
             AuditCapture audit = new AuditCapture()) {
            // given: the right app password (a cold check: a hash on the pool), the client gone at once
            try (RawImapClient leaving = harness.connectImplicit()) {
                leaving.sendLine("a LOGIN \"" + USER + "\" \"" + harness.appPassword() + "\"");
            }

            // then: one line, abandoned because the client left, naming the app password
            List<String> lines = audit.await(line -> line.contains("\"outcome\":\"abandoned\""), 1, AUDIT_WAIT);
            assertThat(lines).singleElement().asString()
                    .contains("\"reason\":\"client_left\"")
                    .doesNotContain("\"app_password_id\":null");
            assertThat(audit.lines()).as("exactly one line for the attempt").hasSize(1);
        }
    }

    @Test
    void shouldAuditAnAcceptedLoginEndedForDataPipelinedPastTheBound() throws Exception {
        try (ImapGatewayHarness harness = ImapGatewayHarness.start(dir);
             AuditCapture audit = new AuditCapture();
             RawImapClient client = harness.connectImplicit()) {
            String flood = "x NOOP\r\n".repeat(12 * 1024 / 8);
            client.write("a LOGIN " + USER + " " + harness.appPassword() + "\r\n" + flood);

            assertThat(client.readUntilClosed()).containsExactly("* BYE Too much data sent before the login completed.");
            List<String> lines = audit.await(line -> line.contains("\"outcome\":\"abandoned\""), 1, AUDIT_WAIT);
            assertThat(lines).singleElement().asString().contains("\"reason\":\"too_much_data\"");
            assertThat(audit.logins()).hasSize(1);
        }
    }

    @Test
    void shouldNotSlowTheOwnersDeviceForASprayFromOtherAddresses() throws Exception {
        String limits = String.join("\n", "limits:", "  failures:", "    per-user: 3", "    per-user-delay: 6s",
                "    max-delay: 100ms", "");
        try (ImapGatewayHarness harness = ImapGatewayHarness.builder(dir).extraYaml(limits).start();
             AuditCapture audit = new AuditCapture()) {
            // given: the owner's device logged in from 127.0.0.2
            try (RawImapClient owner = from("127.0.0.2", harness)) {
                assertThat(owner.command("a", "LOGIN \"" + USER + "\" \"" + harness.appPassword() + "\"")).last()
                        .asString().startsWith("a OK");
            }
            // and a spray of wrong guesses for the user from five other addresses
            for (int i = 0; i < 5; i++) {
                try (RawImapClient sprayer = from("127.0.1." + (10 + i), harness)) {
                    sprayer.command("a", "LOGIN \"" + USER + "\" \"" + WRONG + "\"");
                }
            }

            // when: the owner's device logs in again, and the same app password from a new address
            long ownerMillis = timedLogin("127.0.0.2", harness);
            long elsewhereMillis = timedLogin("127.0.2.1", harness);

            // then: the vouched device is not held; the new address still waits out the per-user delay
            assertThat(ownerMillis).as("owner's device, ms").isLessThan(3_000);
            assertThat(elsewhereMillis).as("same app password from a new address, ms").isGreaterThanOrEqualTo(5_500);
            assertThat(audit.lines()).filteredOn(line -> line.contains("\"outcome\":\"success\"")).hasSize(3);
        }
    }

    private static long timedLogin(String source, ImapGatewayHarness harness) throws IOException {
        try (RawImapClient client = from(source, harness)) {
            long started = System.nanoTime();
            List<String> reply = client.command("a", "LOGIN \"" + USER + "\" \"" + harness.appPassword() + "\"");
            long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
            assertThat(reply).last().asString().startsWith("a OK");
            return millis;
        }
    }

    private static RawImapClient from(String source, ImapGatewayHarness harness) throws IOException {
        RawImapClient client = RawImapClient.connectPlainFrom(InetAddress.getByName(source), harness.startTlsPort(), NONE);
        try {
            client.startTls("s", harness.clientTls());
        } catch (IOException | RuntimeException | AssertionError e) {
            client.close();
            throw e;
        }
        return client;
    }
}
