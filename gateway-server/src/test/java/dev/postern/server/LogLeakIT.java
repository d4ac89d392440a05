package dev.postern.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.core.testing.LogLeakScanner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Runs after every other test of the build (gateway-server's ITs come last in the reactor, and this
 * class is ordered last among them): every log line any module's tests wrote, at every level, must
 * be free of registered secrets and password hashes. Findings name file, line and secret index only.
 */
@Order(Integer.MAX_VALUE)
class LogLeakIT {

    @Test
    void shouldFindNoSecretInAnyLogLineTheTestSuiteWrote() throws IOException {
        // given
        List<Path> folders = testLogFolders();
        List<String> secrets = LogLeakScanner.registeredSecrets(folders);
        List<Path> logs = LogLeakScanner.logFiles(folders);

        // when
        List<LogLeakScanner.Finding> findings = new LogLeakScanner(secrets).scan(logs);

        // then
        assertThat(secrets).as("secrets registered by the tests").isNotEmpty();
        assertThat(logs).as("test logs").isNotEmpty();
        assertThat(findings).as("log lines holding a secret (%d secrets, %d files)", secrets.size(), logs.size())
                .isEmpty();
    }

    /** {@code <module>/target/test-log} of every module of the reactor (this module's parent folder). */
    private static List<Path> testLogFolders() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        try (Stream<Path> modules = Files.list(root)) {
            return modules.map(module -> module.resolve("target/test-log")).filter(Files::isDirectory).sorted().toList();
        }
    }
}
