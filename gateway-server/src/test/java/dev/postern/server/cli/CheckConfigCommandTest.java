package dev.postern.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.core.store.sqlite.SqliteStore;
import dev.postern.core.tls.SelfSignedCertificates;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckConfigCommandTest {

    private static final String SERVABLE = """
            tls:
              certificate: %s
              private-key: %s
            store:
              sqlite: postern.db
            imap:
              listeners:
                - address: "127.0.0.1:9993"
                  tls: implicit
              upstream:
                address: "mail.example.org:993"
                tls: implicit
            upstream-auth:
              mode: master-user
              master-user: postern
              master-password-env: MASTER
            """;

    @TempDir
    Path dir;
    String servable;

    @BeforeEach
    void setUp() {
        var certificate = SelfSignedCertificates.writeTo(dir);
        servable = SERVABLE.formatted(certificate.certificate().getFileName(), certificate.privateKey().getFileName());
    }

    @Test
    void shouldPrintOkForAServableConfigurationWithoutOpeningTheStore() {
        Path config = new CliFixture(dir, servable).config;

        CliRun run = CliRun.run("", Map.of("MASTER", "master-secret"), "check-config", "--config", config.toString());

        assertThat(run.code()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).isEqualTo("OK\n");
        assertThat(run.err()).isEmpty();
        assertThat(dir.resolve("postern.db")).doesNotExist();
    }

    @Test
    void shouldReportAStoreWhoseUserNamesDifferOnlyInCaseWithoutMigratingIt() throws Exception {
        Path config = new CliFixture(dir, servable).config;
        Path db = dir.resolve("postern.db");
        SqliteStore.open(db).close();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement statement = connection.createStatement()) {
            // as a Postern that folded only the domain left it: schema version 2, the same tables
            statement.execute("PRAGMA user_version = 2");
            statement.execute("INSERT INTO users (name, created_at) VALUES ('Carol@example.test', 0), ('carol@example.test', 0)");
        }

        CliRun run = CliRun.run("", Map.of("MASTER", "master-secret"), "check-config", "--config", config.toString());

        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("store.sqlite: " + db.toAbsolutePath().normalize()
                        + ": user names \"Carol@example.test\" and \"carol@example.test\" differ only in case")
                .contains("DELETE FROM users WHERE name = 'Carol@example.test';")
                .hasLineCount(1);
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement statement = connection.createStatement();
                ResultSet version = statement.executeQuery("PRAGMA user_version")) {
            assertThat(version.next()).isTrue();
            assertThat(version.getInt(1)).isEqualTo(2);
        }
    }

    @Test
    void shouldFindTheConfigurationThroughTheEnvironment() {
        Path config = new CliFixture(dir, servable).config;

        CliRun run = CliRun.run("", Map.of("MASTER", "master-secret", "POSTERN_CONFIG", config.toString()),
                "check-config");

        assertThat(run.code()).isEqualTo(ExitCodes.OK);
    }

    @Test
    void shouldListEveryProblemOfABrokenFile() {
        Path config = new CliFixture(dir, servable.replace("tls: implicit\n  upstream", "tls: tls\n  upstream")
                + "auth: { failure-delay: 9x }\n").config;

        CliRun run = CliRun.run("", Map.of(), "check-config", "--config", config.toString());

        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("auth.failure-delay: \"9x\"", "upstream-auth.master-password-env: MASTER")
                .doesNotContain("master-secret");
        assertThat(run.err().lines()).hasSizeGreaterThanOrEqualTo(2).allMatch(line -> line.contains(" ("));
    }

    @Test
    void shouldRefuseACertificateThatIsNotPem() {
        CliFixture fixture = new CliFixture(dir, servable);
        fixture.write("certificate.pem", "not a certificate\n");

        CliRun run = CliRun.run("", Map.of("MASTER", "x"), "check-config", "--config", fixture.config.toString());

        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).startsWith("tls: ").contains("certificate.pem").hasLineCount(1);
    }

    @Test
    void shouldRefuseAConfigurationWithNothingToServe() {
        CliFixture fixture = CliFixture.storeOnly(dir);

        CliRun run = fixture.run("check-config");

        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).isEqualTo(fixture.config + ": " + ServeChecks.NOTHING_TO_SERVE + "\n");
    }

    @Test
    void shouldRefuseAnUnreadableSealingKey() {
        CliFixture fixture = new CliFixture(dir, servable.replaceAll("(?s)upstream-auth:.*",
                "upstream-auth: { mode: stored-credential, key-file: k }\n"));
        fixture.write("k", "too short\n");

        CliRun run = fixture.run("check-config");

        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).startsWith("upstream-auth.key-file: ").contains("not a sealing key").hasLineCount(1)
                .doesNotContain("too short");
    }

    @Test
    void shouldRefuseAServiceAccountKeyFileThatHoldsNoUsableKey() {
        CliFixture fixture = new CliFixture(dir, servable.replaceAll("(?s)upstream-auth:.*",
                "upstream-auth: { mode: oauth2, oauth2: { provider: google, service-account-key-file: sa.json } }\n"));
        fixture.write("sa.json", "{\"type\": \"service_account\", \"client_email\": \"p@x.iam.gserviceaccount.com\","
                + " \"private_key\": \"-----BEGIN PRIVATE KEY-----\\nc2VjcmV0LWtleS1ieXRlcw==\\n-----END PRIVATE KEY-----\\n\"}");

        CliRun run = fixture.run("check-config");

        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).startsWith("upstream-auth.oauth2: service-account-key-file: ").contains("sa.json")
                .hasLineCount(1).doesNotContain("c2VjcmV0LWtleS1ieXRlcw");
    }

    @Test
    void shouldRefuseAClientKeyThatDoesNotBelongToTheCertificate() {
        var certificate = SelfSignedCertificates.writeTo(dir.resolve("client"));
        var other = SelfSignedCertificates.writeTo(dir.resolve("other"));
        CliFixture fixture = new CliFixture(dir, servable.replaceAll("(?s)upstream-auth:.*",
                "upstream-auth: { mode: oauth2, oauth2: { provider: microsoft365, tenant: contoso.onmicrosoft.com,"
                        + " client-id: app, client-certificate-file: " + certificate.certificate()
                        + ", client-key-file: " + other.privateKey() + " } }\n"));

        CliRun run = fixture.run("check-config");

        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).startsWith("upstream-auth.oauth2: client-certificate-file: ").hasLineCount(1);
    }

    @Test
    void shouldRefuseAMissingFile() {
        Path missing = dir.resolve("nope.yml");

        CliRun run = CliRun.run("", Map.of(), "check-config", "--config", missing.toString());

        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).isEqualTo(missing + ": config file (cannot read: no such file)\n");
    }

    @Test
    void shouldCheckTheRefreshTokenGrantWithItsSealingKeyAndNameABadKey() throws Exception {
        String refreshToken = servable.replace("""
                  mode: master-user
                  master-user: postern
                  master-password-env: MASTER
                """, """
                  mode: oauth2
                  key-file: upstream.key
                  oauth2:
                    provider: microsoft365
                    grant: refresh-token
                    tenant: contoso.onmicrosoft.com
                    client-id: 0b1c2d3e-app
                """);
        CliFixture fixture = new CliFixture(dir, refreshToken);
        dev.postern.core.seal.SecretSealer.createKeyFile(dir.resolve("upstream.key"), new java.security.SecureRandom());

        CliRun ok = fixture.run("check-config");
        fixture.write("upstream.key", "too short\n");
        CliRun badKey = fixture.run("check-config");
        CliRun missingKey = new CliFixture(dir, refreshToken.replace("  key-file: upstream.key\n", "")).run("check-config");

        assertThat(ok.code()).as(ok.err()).isEqualTo(ExitCodes.OK);
        assertThat(badKey.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(badKey.err()).startsWith("upstream-auth.key-file: ").hasLineCount(1);
        assertThat(missingKey.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(missingKey.err()).startsWith("upstream-auth.key-file: missing (expected the file with the AES key that"
                + " seals the users' refresh tokens (required with oauth2.grant refresh-token;").hasLineCount(1);
    }
}
