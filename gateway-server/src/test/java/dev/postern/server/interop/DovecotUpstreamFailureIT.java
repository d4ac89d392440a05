package dev.postern.server.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.core.observe.AuditLog;
import dev.postern.core.testing.DovecotServer;
import dev.postern.core.testing.ImapTestClient;
import dev.postern.core.testing.SelfSignedPem;
import dev.postern.core.tls.SelfSignedCertificates;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Postern in front of a real Dovecot when the gateway's own side is wrong: a master password Dovecot
 * refuses, an upstream certificate Postern does not trust, or one for another host name. The client
 * gets {@code NO [UNAVAILABLE]} (never AUTHENTICATIONFAILED: its app password was right) and
 * Postern's log says what went wrong on the gateway's side.
 */
class DovecotUpstreamFailureIT {

    private static final String USER = "carol";
    private static final String UNAVAILABLE = "NO [UNAVAILABLE]";
    private static final String LOGIN_LOGGER = "dev.postern.core.front.LoginFlow";
    private static final String WRONG_MASTER_PASSWORD = "not-the-master-password";

    @TempDir
    static Path dovecotDir;

    private static DovecotServer dovecot;

    @TempDir
    Path posternDir;

    @BeforeAll
    static void startDovecot() throws IOException {
        // Not skipped without Dovecot: the fixture fails and says how to install it.
        dovecot = DovecotServer.builder(dovecotDir).user(USER, "carol-secret").start();
    }

    @AfterAll
    static void stopDovecot() {
        if (dovecot != null) {
            dovecot.close();
        }
    }

    @Test
    void shouldAnswerUnavailableWithoutPenaltyWhenUpstreamRefusesMasterPassword() throws Exception {
        try (LogCapture logs = LogCapture.start();
                PosternUnderTest postern = PosternUnderTest.builder(posternDir, USER, dovecot.masterUser(),
                                WRONG_MASTER_PASSWORD)
                        .upstream(dovecot.imapsPort(), "implicit")
                        .trust(dovecot.certificatePem())
                        .start()) {
            // more attempts than max-auth-failures (3): a gateway fault must not count against the client
            List<String> replies = new ArrayList<>();
            try (ImapTestClient client = ImapTestClient.connectTls(postern.implicitTlsPort(), postern.clientSslContext())) {
                for (int attempt = 1; attempt <= 4; attempt++) {
                    replies.add(last(client.command("a" + attempt, "LOGIN " + USER + " " + postern.appPassword())));
                }
                assertThat(last(client.command("a5", "NOOP"))).startsWith("a5 OK");
            }

            assertThat(replies).hasSize(4).allSatisfy(reply -> assertThat(reply).contains(" " + UNAVAILABLE + " "));
            assertThat(logs.messagesOf(LOGIN_LOGGER)).hasSize(4).allSatisfy(line -> assertThat(line)
                    .contains("imap upstream login for " + USER + " failed, gateway-side problem (credential_refused)")
                    .contains("upstream refused the gateway's own credential (master user"));
            assertThat(logs.messagesOf(AuditLog.LOGGER)).hasSize(4).allSatisfy(line -> assertThat(line)
                    .contains("\"outcome\":\"unavailable\"").contains("\"reason\":\"upstream_credential_refused\""));
            assertThat(logs.allMessages()).noneSatisfy(line -> assertThat(line)
                    .containsAnyOf(WRONG_MASTER_PASSWORD, dovecot.masterPassword(), postern.appPassword()));
        }
    }

    @Test
    void shouldAnswerUnavailableWhenUpstreamCertificateIsNotInSystemTrust() throws Exception {
        String log = loginExpectingUnavailable(PosternUnderTest.builder(posternDir, USER, dovecot.masterUser(),
                        dovecot.masterPassword())
                .upstream(dovecot.imapsPort(), "implicit")
                .trust("system"));

        assertThat(log).contains("gateway-side problem (tls)").containsIgnoringCase("certification path");
    }

    @Test
    void shouldAnswerUnavailableWhenTrustedPemIsAnImpostorWithTheSameName(@TempDir Path otherDir) throws Exception {
        // Same subject (CN=localhost) and names as Dovecot's certificate, another key: the JDK finds the
        // trusted certificate by name and then refuses the signature.
        Path impostor = otherDir.resolve("impostor-cert.pem");
        SelfSignedPem.generate(impostor, otherDir.resolve("impostor-key.pem"));

        String log = loginExpectingUnavailable(PosternUnderTest.builder(posternDir, USER, dovecot.masterUser(),
                        dovecot.masterPassword())
                .upstream(dovecot.imapsPort(), "implicit")
                .trust(impostor));

        assertThat(log).contains("gateway-side problem (tls)");
    }

    @Test
    void shouldAnswerUnavailableWhenStartTlsUpstreamCertificateIsNotTrusted(@TempDir Path otherDir) throws Exception {
        Path otherCertificate = SelfSignedCertificates.builder().names("other-ca.example").writeTo(otherDir).certificate();

        String log = loginExpectingUnavailable(PosternUnderTest.builder(posternDir, USER, dovecot.masterUser(),
                        dovecot.masterPassword())
                .upstream(dovecot.imapPort(), "starttls")
                .trust(otherCertificate));

        assertThat(log).contains("gateway-side problem (tls)").containsIgnoringCase("certification path");
    }

    @Test
    void shouldAnswerUnavailableWhenUpstreamCertificateNamesAnotherHost() throws Exception {
        String log = loginExpectingUnavailable(PosternUnderTest.builder(posternDir, USER, dovecot.masterUser(),
                        dovecot.masterPassword())
                .upstream(dovecot.imapsPort(), "implicit")
                .trust(dovecot.certificatePem())
                .serverName("not-localhost.example"));

        assertThat(log).contains("gateway-side problem (tls)").contains("not-localhost.example");
    }

    /** Logs in through Postern with a valid app password, expects UNAVAILABLE, returns the one failure log line. */
    private static String loginExpectingUnavailable(PosternUnderTest.Builder builder) throws Exception {
        try (LogCapture logs = LogCapture.start(); PosternUnderTest postern = builder.start();
                ImapTestClient client = ImapTestClient.connectTls(postern.implicitTlsPort(), postern.clientSslContext())) {
            String reply = last(client.command("a1", "LOGIN " + USER + " " + postern.appPassword()));

            assertThat(reply).startsWith("a1 " + UNAVAILABLE + " ");
            assertThat(logs.messagesOf(AuditLog.LOGGER)).singleElement().asString()
                    .contains("\"outcome\":\"unavailable\"").contains("\"reason\":\"upstream_tls\"");
            return logs.messagesOf(LOGIN_LOGGER).stream().reduce("", (a, b) -> a + b);
        }
    }

    private static String last(List<String> lines) {
        return lines.get(lines.size() - 1);
    }
}
