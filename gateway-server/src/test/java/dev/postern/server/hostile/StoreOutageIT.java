package dev.postern.server.hostile;

import static dev.postern.server.hostile.HostileGateway.USER;
import static dev.postern.server.hostile.WellBehavedClients.assertImapStillServes;
import static dev.postern.server.hostile.WellBehavedClients.assertSmtpStillServes;
import static dev.postern.server.hostile.WellBehavedClients.plain;
import static dev.postern.server.hostile.WellBehavedClients.smtp;
import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.server.imap.RawImapClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The credential store becomes unreachable under a running gateway (a folder where its SQLite file
 * was): a login is answered "try again later", not "wrong password", and the audit says
 * {@code unavailable}; once the file is back, logins work again. {@code state-refresh: 0s}, so the
 * verifier's snapshot of a user does not hide the outage.
 */
class StoreOutageIT {

    private static final String IMAP_UNAVAILABLE = "a NO [UNAVAILABLE] Temporary authentication failure, try again later.";
    private static final String SMTP_UNAVAILABLE = "454 4.7.0 Temporary authentication failure";

    @TempDir
    Path folder;
    HostileGateway gateway;

    @BeforeEach
    void start() throws IOException {
        gateway = new HostileGateway(folder, HostileGateway.Tuning.DEFAULT.withAuth("  cache: { state-refresh: 0s }"));
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void shouldAnswerUnavailableWhileTheStoreIsGoneAndServeOnceItIsBack() throws IOException {
        assertImapStillServes(gateway);
        Path database = gateway.database();
        Path aside = folder.resolve("postern.db.aside");
        try (AuditCapture audit = new AuditCapture()) {
            Files.move(database, aside);
            Files.createDirectory(database);
            try (RawImapClient imap = RawImapClient.connectTls(gateway.imapImplicitPort(), gateway.clientTls());
                 RawImapClient smtpClient = RawImapClient.connectTls(gateway.smtpImplicitPort(), gateway.clientTls())) {
                assertThat(imap.command("a", "LOGIN " + USER + " " + gateway.appPassword())).containsExactly(IMAP_UNAVAILABLE);
                smtp(smtpClient, "EHLO outage.test");
                assertThat(smtp(smtpClient, "AUTH PLAIN " + plain("", USER, gateway.appPassword())))
                        .containsExactly(SMTP_UNAVAILABLE);
            }
            assertThat(audit.logins()).hasSize(2)
                    .allSatisfy(line -> assertThat(line).contains("\"outcome\":\"unavailable\"")
                            .doesNotContain("wrong_password"));
        } finally {
            Files.deleteIfExists(database);
            Files.move(aside, database);
        }

        assertImapStillServes(gateway);
        assertSmtpStillServes(gateway);
    }
}
