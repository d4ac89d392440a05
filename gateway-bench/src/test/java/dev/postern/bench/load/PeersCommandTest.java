package dev.postern.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The targets of {@code peers}: an IMAP port, an SMTP port or both, and the scenarios each one runs. */
class PeersCommandTest {

    @TempDir
    Path dir;

    private static Target target(int imapPort, int smtpPort) {
        return new Target("t", "127.0.0.1", imapPort, smtpPort, TlsMode.NONE, null, List.of("bench@localhost"),
                "secret", Mechanism.LOGIN, 0);
    }

    private static PeersCommand parse(String... args) {
        PeersCommand command = new PeersCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void shouldReadAnImapPortAnSmtpPortOrBothPerTarget() {
        PeersCommand command = parse("--target", "full", "--imap-port", "993", "--smtp-port", "465", "--password-file", "a.pw",
                "--target", "send-as", "--smtp-port", "1465", "--password-file", "b.pw", "--vs", "full");

        assertThat(command.targets).hasSize(2);
        assertThat(command.targets.get(0).imapPort).isEqualTo(993);
        assertThat(command.targets.get(0).smtpPort).isEqualTo(465);
        assertThat(command.targets.get(1).imapPort).isZero();
        assertThat(command.targets.get(1).smtpPort).isEqualTo(1465);
        assertThat(command.targets.get(1).versus).containsExactly("full");
    }

    @Test
    void shouldRunSubmitAgainstTargetsWithAnSmtpPortAndTheImapScenariosAgainstTargetsWithAnImapPort() {
        Target imapOnly = target(993, 0);
        Target smtpOnly = target(0, 465);
        Target both = target(993, 465);

        assertThat(new SubmitScenario().servedBy(smtpOnly)).isTrue();
        assertThat(new SubmitScenario().servedBy(both)).isTrue();
        assertThat(new SubmitScenario().servedBy(imapOnly)).isFalse();
        for (Scenario imap : Scenarios.parse("logins,fetch,noop,idle")) {
            assertThat(imap.servedBy(imapOnly)).as(imap.name()).isTrue();
            assertThat(imap.servedBy(both)).as(imap.name()).isTrue();
            assertThat(imap.servedBy(smtpOnly)).as(imap.name()).isFalse();
        }
    }

    @Test
    void shouldRefuseATargetWithoutAPort() {
        PeersCommand command = parse("--target", "a", "--password-file", "a.pw",
                "--target", "b", "--imap-port", "993", "--password-file", "b.pw");

        assertThatThrownBy(command::call).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("target a: no port (expected --imap-port, --smtp-port or both)");
    }

    @Test
    void shouldRefuseAScenarioThatNoTargetHasThePortFor() throws Exception {
        Path password = Files.writeString(dir.resolve("app.pw"), "secret\n");
        PeersCommand command = parse("--scenarios", "fetch,submit",
                "--target", "a", "--imap-port", "993", "--tls", "none", "--password-file", password.toString(),
                "--target", "b", "--imap-port", "994", "--tls", "none", "--password-file", password.toString());

        assertThatThrownBy(command::call).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("scenario submit: no target has its port");
    }
}
