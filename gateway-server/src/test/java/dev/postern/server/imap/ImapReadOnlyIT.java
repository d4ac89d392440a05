package dev.postern.server.imap;

import static dev.postern.server.imap.ImapGatewayHarness.USER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.core.store.Scope;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Read-only IMAP ({@code imap-read}) end to end with GreenMail upstream: every command that would
 * change the mailbox is refused by Postern and the mailbox, looked at through a full app password,
 * is the same afterwards; fetching a message whole leaves it unseen.
 */
class ImapReadOnlyIT {

    @TempDir
    static Path folder;
    static ImapGatewayHarness harness;
    static ReadOnlyScenario scenario;

    @BeforeAll
    static void startGateway() throws IOException {
        harness = ImapGatewayHarness.start(folder);
        String readOnly = harness.createAppPassword(USER, EnumSet.of(Scope.IMAP_READ));
        scenario = new ReadOnlyScenario(harness::connectImplicit, USER, harness.appPassword(), readOnly);
        scenario.seed();
    }

    @AfterAll
    static void stopGateway() {
        harness.close();
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
