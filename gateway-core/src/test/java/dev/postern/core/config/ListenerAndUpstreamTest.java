package dev.postern.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS on listeners and trust towards the upstream: what is safe is accepted, the rest is named. */
class ListenerAndUpstreamTest {

    @TempDir
    Path dir;

    private ConfigFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new ConfigFixture(dir);
    }

    @Test
    void shouldRefusePlainTextListenerOnANonLoopbackAddress() {
        String yaml = ConfigFixture.VALID.replace("tls: implicit\n  upstream", "tls: none\n  upstream");

        assertThat(fixture.problems(yaml)).containsExactly(
                "imap.listeners[0].tls: none (expected implicit or starttls unless the address is loopback)");
    }

    @Test
    void shouldAllowPlainTextListenerOnLoopbackWithoutAnyCertificate() {
        // given
        String yaml = ConfigFixture.VALID
                .replace("\"0.0.0.0:993\"\n      tls: implicit", "\"127.0.0.1:143\"\n      tls: none")
                .replaceAll("(?s)^tls:.*?(?=imap:)", "");

        // when
        GatewayConfig config = fixture.parse(yaml);

        // then
        assertThat(config.tls()).isNull();
        assertThat(config.protocol("imap").listeners().get(0).tls()).isEqualTo(ListenerTls.NONE);
    }

    @Test
    void shouldRequireTheTlsSectionWhenAListenerNeedsACertificate() {
        String yaml = ConfigFixture.VALID.replaceAll("(?s)^tls:.*?(?=imap:)", "");

        assertThat(fixture.problems(yaml)).containsExactly("tls: missing (expected certificate and private-key, "
                + "because imap.listeners[0].tls needs a certificate)");
    }

    @Test
    void shouldReportAMissingCertificateFile() throws Exception {
        Files.delete(dir.resolve("cert.pem"));

        assertThat(fixture.problems(ConfigFixture.VALID))
                .containsExactly("tls.certificate: " + dir.resolve("cert.pem") + " (cannot read: no such file)");
    }

    @Test
    void shouldReportAPrivateKeyThatIsAFolder() throws Exception {
        Files.delete(dir.resolve("key.pem"));
        Files.createDirectory(dir.resolve("key.pem"));

        assertThat(fixture.problems(ConfigFixture.VALID))
                .containsExactly("tls.private-key: " + dir.resolve("key.pem") + " (cannot read: not a regular file)");
    }

    @Test
    void shouldReportAMissingTrustPemFile() {
        String yaml = ConfigFixture.VALID.replace("993\"\n    tls: implicit", "993\"\n    tls: implicit\n    trust: absent-ca.pem");

        assertThat(fixture.problems(yaml))
                .containsExactly("imap.upstream.trust: " + dir.resolve("absent-ca.pem") + " (cannot read: no such file)");
    }

    @Test
    void shouldTrustAReadablePemFile() {
        String yaml = ConfigFixture.VALID.replace("993\"\n    tls: implicit", "993\"\n    tls: implicit\n    trust: ca.pem");

        assertThat(fixture.parse(yaml).protocol("imap").upstream().trust()).isEqualTo(TrustConfig.pemFile(dir.resolve("ca.pem")));
    }

    @Test
    void shouldRefuseInsecureTrustTowardsANonLoopbackUpstream() {
        String yaml = ConfigFixture.VALID.replace("993\"\n    tls: implicit", "993\"\n    tls: implicit\n    trust: insecure");

        assertThat(fixture.problems(yaml)).containsExactly(
                "imap.upstream.trust: insecure (expected system or a PEM file unless the upstream host is loopback)");
    }

    @Test
    void shouldAllowInsecureTrustTowardsALoopbackUpstreamAndSaySo() {
        // given
        String yaml = ConfigFixture.VALID.replace("\"mail.example.org:993\"\n    tls: implicit",
                "\"[::1]:993\"\n    tls: implicit\n    trust: insecure");

        // when
        UpstreamConfig upstream = fixture.parse(yaml).protocol("imap").upstream();

        // then
        assertThat(upstream.isInsecure()).isTrue();
        assertThat(upstream.serverName()).isEqualTo("::1");
    }
}
