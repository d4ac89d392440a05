package dev.postern.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private ConfigFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new ConfigFixture(dir);
    }

    @Test
    void shouldBindEveryKeyOfACompleteFile() {
        // given
        String yaml = """
                tls:
                  certificate: cert.pem
                  private-key: /KEYDIR/key.pem
                  handshake-timeout: 5s
                store:
                  sqlite: data/postern.db
                auth:
                  argon2: {memory-kib: 65536, iterations: 3, parallelism: 2}
                  pepper-file: master.secret
                  cache: {max-entries: 500, expire-after: 12h, state-refresh: 1s}
                  hash-pool: {threads: 2, queue: 10}
                  store-pool: {threads: 3, queue: 20}
                  failure-delay: 500ms
                imap:
                  listeners:
                    - {address: "0.0.0.0:993", tls: implicit}
                    - {address: "[::1]:143", tls: none, proxy-protocol: true}
                  upstream:
                    address: "127.0.0.1:1993"
                    tls: starttls
                    trust: ca.pem
                    server-name: mail.internal
                    connect-timeout: 3s
                    login-timeout: 4s
                    forward-client-ip: true
                  host-name: gw.example.org
                  pre-auth-timeout: 20s
                  idle-timeout: 31m
                  max-bad-commands: 5
                  max-auth-failures: 2
                smtp:
                  listeners:
                    - {address: "0.0.0.0:587", tls: starttls}
                  upstream: {address: "localhost:25", tls: none, trust: insecure, xclient: true}
                  idle-timeout: 2m
                upstream-auth:
                  mode: master-user
                  master-user: postern
                  master-password-file: master.secret
                admin:
                  address: "[::1]:9100"
                proxy-protocol:
                  trusted-proxies: ["::1"]
                """.replace("/KEYDIR", dir.toString());

        // when
        GatewayConfig config = fixture.parse(yaml);

        // then
        assertThat(config.source()).isEqualTo(dir.toAbsolutePath());
        assertThat(config.tls()).isEqualTo(new TlsConfig(dir.resolve("cert.pem"), dir.resolve("key.pem"),
                Duration.ofSeconds(5)));
        assertThat(config.store().sqlite()).isEqualTo(dir.resolve("data/postern.db"));
        assertThat(config.auth()).isEqualTo(new AuthConfig(new Argon2Config(65536, 3, 2), dir.resolve("master.secret"),
                new CacheConfig(500, Duration.ofHours(12), Duration.ofSeconds(1)), new PoolConfig(2, 10),
                new PoolConfig(3, 20), Duration.ofMillis(500)));
        assertThat(config.protocol("imap")).isEqualTo(new ProtocolConfig(
                List.of(
                        new ListenerConfig(HostPort.parse("0.0.0.0:993"), ListenerTls.IMPLICIT, false),
                        new ListenerConfig(HostPort.parse("[::1]:143"), ListenerTls.NONE, true)),
                new UpstreamConfig(HostPort.parse("127.0.0.1:1993"), UpstreamTls.STARTTLS,
                        TrustConfig.pemFile(dir.resolve("ca.pem")), "mail.internal", Duration.ofSeconds(3),
                        Duration.ofSeconds(4), true),
                "gw.example.org", Duration.ofSeconds(20), Duration.ofMinutes(31), 5, 2));
        assertThat(config.protocol("smtp").upstream().isInsecure()).isTrue();
        assertThat(config.protocol("smtp").upstream().forwardClientIp()).isTrue();
        assertThat(config.protocol("smtp").upstream().serverName()).isEqualTo("localhost");
        assertThat(config.protocol("smtp").idleTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.upstreamAuth().mode()).isEqualTo(UpstreamAuthConfig.Mode.MASTER_USER);
        assertThat(config.upstreamAuth().masterUser()).isEqualTo("postern");
        assertThat(config.upstreamAuth().masterPassword().reveal()).isEqualTo(ConfigFixture.MASTER_PASSWORD);
        assertThat(config.admin().address()).isEqualTo(new HostPort("::1", 9100));
    }

    @Test
    void shouldFillDefaultsForEverythingOptional() {
        // when
        GatewayConfig config = fixture.parse(ConfigFixture.VALID);

        // then
        assertThat(config.tls().handshakeTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.store().sqlite()).isEqualTo(Path.of("/var/lib/postern/postern.db"));
        assertThat(config.auth()).isEqualTo(new AuthConfig(new Argon2Config(19456, 2, 1), null,
                new CacheConfig(100_000, Duration.ofHours(24), Duration.ofSeconds(2)),
                new PoolConfig(Runtime.getRuntime().availableProcessors(), 256), new PoolConfig(4, 1024),
                Duration.ofSeconds(2)));
        ProtocolConfig imap = config.protocol("imap");
        assertThat(imap.hostName()).isEqualTo(LocalHostName.get());
        assertThat(imap.preAuthTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(imap.idleTimeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(imap.maxBadCommands()).isEqualTo(3);
        assertThat(imap.maxAuthFailures()).isEqualTo(3);
        assertThat(imap.listeners().get(0).proxyProtocol()).isFalse();
        UpstreamConfig upstream = imap.upstream();
        assertThat(upstream.trust()).isEqualTo(TrustConfig.system());
        assertThat(upstream.serverName()).isEqualTo("mail.example.org");
        assertThat(upstream.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(upstream.loginTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(upstream.forwardClientIp()).isFalse();
        assertThat(config.protocol("smtp")).isNull();
        assertThat(config.admin().address()).hasToString("127.0.0.1:9142");
    }

    @Test
    void shouldDefaultSmtpIdleTimeoutToTenMinutes() {
        // given
        String yaml = ConfigFixture.VALID.replace("imap:", "smtp:");

        // when
        GatewayConfig config = fixture.parse(yaml);

        // then
        assertThat(config.protocol("smtp").idleTimeout()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void shouldAcceptAFileWithNeitherImapNorSmtpForTheCliVerbs() {
        // when
        GatewayConfig config = fixture.parse("store:\n  sqlite: postern.db\n");

        // then
        assertThat(config.hasFronts()).isFalse();
        assertThat(config.protocol("imap")).isNull();
        assertThat(config.protocol("smtp")).isNull();
        assertThat(config.upstreamAuth()).isNull();
        assertThat(config.tls()).isNull();
        assertThat(config.store().sqlite()).isEqualTo(dir.resolve("postern.db"));
    }

    @Test
    void shouldResolveRelativePathsAgainstTheFoldersOfTheLoadedFile() throws Exception {
        // given
        Path etc = Files.createDirectories(dir.resolve("etc"));
        Files.move(dir.resolve("cert.pem"), etc.resolve("cert.pem"));
        Files.move(dir.resolve("key.pem"), etc.resolve("key.pem"));
        Files.move(dir.resolve("master.secret"), etc.resolve("master.secret"));
        Path file = Files.writeString(etc.resolve("postern.yml"), ConfigFixture.VALID);

        // when
        GatewayConfig config = ConfigLoader.load(file, Map.of());

        // then
        assertThat(config.source()).isEqualTo(file.toAbsolutePath());
        assertThat(config.tls().certificate()).isEqualTo(etc.resolve("cert.pem"));
        assertThat(config.upstreamAuth().masterPassword().reveal()).isEqualTo(ConfigFixture.MASTER_PASSWORD);
    }

    @Test
    void shouldReportAMissingConfigFile() {
        // given
        Path file = dir.resolve("absent.yml");

        // when / then
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ": config file (cannot read: no such file)");
    }

    @Test
    void shouldReportAFolderGivenAsConfigFile() {
        assertThatThrownBy(() -> ConfigLoader.load(dir, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage(dir + ": config file (cannot read: not a regular file)");
    }

    @Test
    void shouldReportAYamlSyntaxErrorWithLineAndColumn() {
        // given
        Path file = fixture.write("broken.yml", "store:\n  sqlite: a.db\n   oops: [unclosed\n");

        // when / then
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ": line 3, column ")
                .hasMessageContaining("(invalid YAML: ");
    }

    @Test
    void shouldReportADuplicatedKey() {
        assertThatThrownBy(() -> fixture.parse("store:\n  sqlite: a.db\n  sqlite: b.db\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("line 3")
                .hasMessageContaining("Duplicate field 'sqlite'");
    }

    @Test
    void shouldRefuseAnEmptyFile() {
        // given
        Path file = fixture.write("empty.yml", "# nothing here yet\n");

        // when / then
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ": empty (expected a YAML map of settings)");
    }

    @Test
    void shouldRefuseATopLevelThatIsNotAMap() {
        assertThat(fixture.problems("- imap\n- smtp\n"))
                .containsExactly(dir + ": a list (expected a YAML map of settings)");
    }

    @Test
    void shouldTakeTheDefaultLocationFromPosternConfig() {
        assertThat(ConfigLoader.defaultLocation(Map.of("POSTERN_CONFIG", "/etc/postern/postern.yml")))
                .isEqualTo(Path.of("/etc/postern/postern.yml"));
        assertThat(ConfigLoader.defaultLocation(Map.of())).isEqualTo(Path.of("./postern.yml"));
        assertThat(ConfigLoader.defaultLocation(Map.of("POSTERN_CONFIG", " "))).isEqualTo(Path.of("./postern.yml"));
    }
}
