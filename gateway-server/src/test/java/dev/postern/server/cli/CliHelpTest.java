package dev.postern.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CliHelpTest {

    static Stream<String> verbs() {
        return Stream.of("users add", "users list", "users remove", "users set-upstream-password",
                "app-passwords create", "app-passwords list", "app-passwords revoke", "app-passwords import", "hash",
                "check-config", "serve");
    }

    @ParameterizedTest
    @MethodSource("verbs")
    void shouldPrintUsageWithConfigAndHelpOptions(String verb) {
        String[] args = (verb + " --help").split(" ");

        CliRun run = CliRun.run("", Map.of(), args);

        assertThat(run.code()).isEqualTo(ExitCodes.OK);
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).startsWith("Usage: postern " + verb + " ").contains("-c, --config=FILE", "-h, --help");
    }

    @ParameterizedTest
    @ValueSource(strings = {"users", "app-passwords"})
    void shouldPrintAGroupsUsageOnStandardErrorWhenNoVerbIsGiven(String group) {
        CliRun run = CliRun.run("", Map.of(), group);

        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("Usage: postern " + group).contains("Commands:", "list");
    }

    @Test
    void shouldPrintTheUsageOnStandardErrorAndExit2WithoutAVerb() {
        CliRun run = CliRun.run("", Map.of());

        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("Usage: postern ").contains("Commands:", "serve", "demo");
    }

    @Test
    void shouldListTheAdminVerbsInTheTopLevelHelp() {
        CliRun run = CliRun.run("", Map.of(), "--help");

        assertThat(run.code()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("serve", "check-config", "users", "app-passwords", "hash", "demo");
    }

    @Test
    void shouldReportAnUnknownOptionInOneLine() {
        CliRun run = CliRun.run("", Map.of(), "users", "list", "--colour");

        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo(
                "postern users list: Unknown option: '--colour' (see: postern users list --help)\n");
    }

    @Test
    void shouldShowTheHelpOfAVerbThroughTheHelpCommand() {
        CliRun run = CliRun.run("", Map.of(), "help", "hash");

        assertThat(run.code()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).startsWith("Usage: postern hash");
    }
}
