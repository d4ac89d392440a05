package dev.postern.server.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.core.testing.DovecotServer;
import dev.postern.server.imap.RawImapClient;
import dev.postern.server.imap.ReadOnlyScenario;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Read-only IMAP ({@code imap-read}) in front of a real Dovecot (master-user mode): the same checks
 * as with GreenMail, the mailbox looked at through the user's full app password.
 */
class DovecotReadOnlyIT {

    private static final String USER = "dora";

    @TempDir
    static Path dovecotDir;
    @TempDir
    static Path posternDir;

    private static DovecotServer dovecot;
    private static PosternUnderTest postern;
    private static ReadOnlyScenario scenario;

    @BeforeAll
    static void start() throws IOException {
        // Not skipped without Dovecot: the fixture fails and says how to install it.
        dovecot = DovecotServer.builder(dovecotDir).user(USER, "dora-secret").start();
        postern = PosternUnderTest.builder(posternDir, USER, dovecot.masterUser(), dovecot.masterPassword())
                .upstream(dovecot.imapsPort(), "implicit")
                .trust(dovecot.certificatePem())
                .readOnlyAppPassword()
                .start();
        scenario = new ReadOnlyScenario(
                () -> RawImapClient.connectTls(postern.implicitTlsPort(), postern.clientSslContext()),
                USER, postern.appPassword(), postern.readOnlyAppPassword());
        scenario.seed();
    }

    @AfterAll
    static void stop() {
        if (postern != null) {
            postern.close();
        }
        if (dovecot != null) {
            dovecot.close();
        }
    }

    @Test
    void shouldRefuseEveryChangeAndLeaveTheMailboxAsItWas() throws IOException {
        List<String> before = scenario.mailbox();

        scenario.tryEveryChange();

        assertThat(scenario.mailbox()).isEqualTo(before);
    }

    @Test
    void shouldReadWithoutSettingSeen() throws IOException {
        List<String> before = scenario.mailbox();

        scenario.readWithoutSideEffects();

        assertThat(before).noneMatch(line -> line.contains("\\Seen"));
        assertThat(scenario.mailbox()).isEqualTo(before);
    }
}
