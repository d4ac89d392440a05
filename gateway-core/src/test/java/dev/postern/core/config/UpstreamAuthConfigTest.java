package dev.postern.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpstreamAuthConfigTest {

    private static final String IMAP = ConfigFixture.VALID.substring(0, ConfigFixture.VALID.indexOf("upstream-auth:"));

    @TempDir
    Path dir;

    private ConfigFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new ConfigFixture(dir);
    }

    @Test
    void shouldReadTheMasterPasswordFromAFileWithoutItsTrailingNewline() {
        fixture.write("master.secret", "pa ss\r\n\r\n");

        UpstreamAuthConfig auth = fixture.parse(ConfigFixture.VALID).upstreamAuth();

        assertThat(auth.masterPassword().reveal()).isEqualTo("pa ss\r\n");
    }

    @Test
    void shouldReadTheMasterPasswordFromTheNamedEnvironmentVariable() {
        // given
        String yaml = IMAP + "upstream-auth:\n  mode: master-user\n  master-user: postern\n"
                + "  master-password-env: POSTERN_MASTER_PASSWORD\n";

        // when
        UpstreamAuthConfig auth = fixture.parse(yaml, Map.of("POSTERN_MASTER_PASSWORD", "from-env")).upstreamAuth();

        // then
        assertThat(auth.masterPassword().reveal()).isEqualTo("from-env");
    }

    @Test
    void shouldReportAMissingEnvironmentVariable() {
        String yaml = IMAP + "upstream-auth:\n  mode: master-user\n  master-user: postern\n"
                + "  master-password-env: POSTERN_MASTER_PASSWORD\n";

        assertThat(fixture.problems(yaml, Map.of("OTHER", "x"))).containsExactly("upstream-auth.master-password-env: "
                + "POSTERN_MASTER_PASSWORD (expected the name of a set, non-empty environment variable)");
    }

    @Test
    void shouldReportAMissingPasswordFile() throws Exception {
        Files.delete(dir.resolve("master.secret"));

        assertThat(fixture.problems(ConfigFixture.VALID)).containsExactly("upstream-auth.master-password-file: "
                + dir.resolve("master.secret") + " (cannot read: no such file)");
    }

    @Test
    void shouldRefuseAnEmptyPasswordFile() {
        fixture.write("master.secret", "\n");

        assertThat(fixture.problems(ConfigFixture.VALID)).containsExactly("upstream-auth.master-password-file: "
                + dir.resolve("master.secret") + " (expected a file holding a non-empty password)");
    }

    @Test
    void shouldRequireExactlyOnePasswordSource() {
        String both = ConfigFixture.VALID + "  master-password-env: POSTERN_MASTER_PASSWORD\n";
        String neither = ConfigFixture.VALID.replace("  master-password-file: master.secret\n", "");

        assertThat(fixture.problems(both, Map.of("POSTERN_MASTER_PASSWORD", "x"))).containsExactly(
                "upstream-auth.master-password-env: \"POSTERN_MASTER_PASSWORD\" "
                        + "(expected only one of master-password-file, master-password-env)");
        assertThat(fixture.problems(neither)).containsExactly("upstream-auth.master-password-file: missing "
                + "(expected master-password-file or master-password-env in master-user mode)");
    }

    @Test
    void shouldRequireTheMasterUserInMasterUserMode() {
        String yaml = ConfigFixture.VALID.replace("  master-user: postern\n", "");

        assertThat(fixture.problems(yaml)).containsExactly(
                "upstream-auth.master-user: missing (expected the name of the upstream master account)");
    }

    @Test
    void shouldRequireUpstreamAuthWhenAFrontIsConfigured() {
        assertThat(fixture.problems(IMAP)).containsExactly("upstream-auth: missing (expected a map with keys: "
                + "mode, master-user, master-password-file, master-password-env, key-file, oauth2)");
    }

    @Test
    void shouldListTheModesForAnUnknownOne() {
        String yaml = IMAP + "upstream-auth:\n  mode: xoauth2\n";

        assertThat(fixture.problems(yaml)).containsExactly(
                "upstream-auth.mode: \"xoauth2\" (expected one of: master-user, stored-credential, oauth2)");
    }

    @Test
    void shouldBindStoredCredentialModeToAReadableKeyFile() {
        String yaml = IMAP + "upstream-auth:\n  mode: stored-credential\n  key-file: upstream.key\n";

        UpstreamAuthConfig auth = fixture.parse(yaml).upstreamAuth();

        assertThat(auth).isEqualTo(UpstreamAuthConfig.storedCredential(dir.resolve("upstream.key")));
    }

    @Test
    void shouldReportAMissingKeyFileAndKeysOfTheOtherMode() {
        String yaml = IMAP + "upstream-auth:\n  mode: stored-credential\n  key-file: absent.key\n  master-user: postern\n";

        assertThat(fixture.problems(yaml)).containsExactly(
                "upstream-auth.key-file: " + dir.resolve("absent.key") + " (cannot read: no such file)",
                "upstream-auth.master-user: \"postern\" (used only in master-user mode)");
    }

    @Test
    void shouldNeverShowTheMasterPasswordInToStringOrMessages() {
        // given: a valid config, and the same secret file next to a config with several problems
        GatewayConfig config = fixture.parse(ConfigFixture.VALID);
        String broken = ConfigFixture.VALID.replace("master-user: postern", "master-user: [postern]")
                + "admin:\n  address: nowhere\n";

        // when
        ConfigException refused = catchThrowableOfType(ConfigException.class, () -> fixture.parse(broken));

        // then
        assertThat(config.toString()).doesNotContain(ConfigFixture.MASTER_PASSWORD).contains("masterPassword=****");
        assertThat(config.upstreamAuth().masterPassword()).hasToString("****");
        assertThat(refused.getMessage()).doesNotContain(ConfigFixture.MASTER_PASSWORD);
        assertThat(refused.problems()).hasSize(2).noneMatch(line -> line.contains(ConfigFixture.MASTER_PASSWORD));
    }

    @Test
    void shouldNeverShowAPasswordFromTheEnvironmentInMessages() {
        // given
        String yaml = IMAP + "upstream-auth:\n  mode: master-user\n  master-user: [x]\n"
                + "  master-password-env: SECRET\n";

        // when
        ConfigException refused = catchThrowableOfType(
                ConfigException.class, () -> fixture.parse(yaml, Map.of("SECRET", "env-secret-value")));

        // then
        assertThat(refused.getMessage()).doesNotContain("env-secret-value").contains("upstream-auth.master-user");
    }
}
