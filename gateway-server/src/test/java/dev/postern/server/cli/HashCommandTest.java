package dev.postern.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.core.config.ConfigLoader;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HashCommandTest {

    @TempDir
    Path dir;

    @Test
    void shouldPrintAnArgon2idHashAtTheConfiguredCostThatVerifies() {
        CliFixture fixture = new CliFixture(dir, CliFixture.STORE_ONLY
                + "auth: { argon2: { memory-kib: 20480, iterations: 3 } }\n");

        CliRun run = fixture.runWithInput("correct horse battery staple\n", "hash");

        assertThat(run.code()).isEqualTo(ExitCodes.OK);
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).startsWith("$argon2id$v=19$m=20480,t=3,p=1$").hasLineCount(1);
        assertThat(AppPasswordCreateCommandTest.verifies("correct horse battery staple", run.out().strip())).isTrue();
        assertThat(AppPasswordCreateCommandTest.verifies("correct horse battery stapl", run.out().strip())).isFalse();
        assertThat(dir.resolve("postern.db")).doesNotExist();
    }

    @Test
    void shouldHashAnAppPasswordInItsCanonicalFormSoThatAnySpellingVerifies() {
        CliFixture fixture = CliFixture.storeOnly(dir);

        CliRun run = fixture.runWithInput("7k2m-q9xd-aaaa-bbbb-cccc-dddd-eeee\n", "hash");

        assertThat(AppPasswordCreateCommandTest.verifies("7K2MQ9XDAAAABBBBCCCCDDDDEEEE", run.out().strip())).isTrue();
    }

    @Test
    void shouldUseTheDefaultsAndSaySoWhenNoConfigurationFileExists() {
        assertThat(ConfigLoader.DEFAULT_FILE)
                .as("this test runs in the module folder, which must not hold a postern.yml").doesNotExist();

        CliRun run = CliRun.run("s3cret\n", Map.of(), "hash");

        assertThat(run.code()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(run.err()).isEqualTo("no configuration file at ./postern.yml; using the default Argon2id cost "
                + "m=19456,t=2,p=1\n");
        assertThat(AppPasswordCreateCommandTest.verifies("s3cret", run.out().strip())).isTrue();
    }

    @Test
    void shouldRefuseAMissingConfigurationFileNamedInTheEnvironment() {
        Path missing = dir.resolve("missing.yml");

        CliRun run = CliRun.run("s3cret\n", Map.of(ConfigLoader.CONFIG_ENV, missing.toString()), "hash");

        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo(missing + ": config file (cannot read: no such file)\n");
    }

    @Test
    void shouldRefuseAnInvalidConfigurationFileRatherThanFallBackToTheDefaults() {
        CliFixture fixture = new CliFixture(dir, "auth: { argon2: { iterations: 1 } }\n");

        CliRun run = fixture.runWithInput("s3cret\n", "hash");

        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("auth.argon2.iterations: 1 (expected").doesNotContain("s3cret");
    }

    @Test
    void shouldRefuseEmptyInput() {
        CliFixture fixture = CliFixture.storeOnly(dir);

        CliRun run = fixture.runWithInput("", "hash");

        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).isEqualTo(
                "postern: standard input: empty (expected the password to hash on the first line)\n");
    }

    @Test
    void shouldRefuseInputThatIsNotUtf8() {
        CliFixture fixture = CliFixture.storeOnly(dir);
        CliIo io = new CliIo(new java.io.ByteArrayInputStream(new byte[] {'a', (byte) 0xff, '\n'}),
                new java.io.PrintWriter(new java.io.StringWriter()), new java.io.PrintWriter(new java.io.StringWriter()),
                Map.of());

        int code = dev.postern.server.cli.Main.run(new String[] {"hash", "--config", fixture.config.toString()}, io);

        assertThat(code).isEqualTo(ExitCodes.USAGE);
    }
}
