package dev.postern.core.tls;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.handler.ssl.SslContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Renewals laid out as certbot does (symlinks in live/ to files in archive/), good and bad. */
class CertificateReloaderTest {

    @TempDir
    Path dir;

    private final TestCertificateAuthority ca = TestCertificateAuthority.create("Reload CA");
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private Path liveCert;
    private Path liveKey;
    private ReloadableServerTls tls;
    private CertificateReloader reloader;

    @BeforeEach
    void setUp() throws Exception {
        CertificateFiles first = ca.issueTo(dir.resolve("archive/1"), "localhost");
        Files.createDirectories(dir.resolve("live"));
        liveCert = Files.createSymbolicLink(dir.resolve("live/fullchain.pem"), first.certificate());
        liveKey = Files.createSymbolicLink(dir.resolve("live/privkey.pem"), first.privateKey());
        tls = new ReloadableServerTls(liveCert, liveKey);
        reloader = new CertificateReloader(tls, liveCert, liveKey);
        log.start();
        ((Logger) LoggerFactory.getLogger(CertificateReloader.class)).addAppender(log);
    }

    @AfterEach
    void tearDown() {
        ((Logger) LoggerFactory.getLogger(CertificateReloader.class)).detachAppender(log);
    }

    @Test
    void shouldLeaveTheContextAloneWhenNothingChanged() {
        SslContext before = tls.current();

        assertThat(reloader.checkForChange()).isEqualTo(CertificateReloader.Outcome.UNCHANGED);
        assertThat(tls.current()).isSameAs(before);
    }

    @Test
    void shouldServeARenewalThatSwappedTheSymlinks() throws Exception {
        // given: certbot writes archive/2 and points live/ at it
        SslContext before = tls.current();
        CertificateFiles second = ca.issueTo(dir.resolve("archive/2"), "localhost");
        repoint(liveCert, second.certificate());
        repoint(liveKey, second.privateKey());

        // when
        CertificateReloader.Outcome outcome = reloader.checkForChange();

        // then
        assertThat(outcome).isEqualTo(CertificateReloader.Outcome.RELOADED);
        assertThat(tls.current()).isNotSameAs(before);
        assertThat(reloader.checkForChange()).isEqualTo(CertificateReloader.Outcome.UNCHANGED);
    }

    @Test
    void shouldKeepTheOldCertificateAndNameTheFileWhenTheNewOneIsBroken() throws Exception {
        // given: the certificate is replaced by something that is not PEM
        SslContext before = tls.current();
        Path broken = Files.writeString(dir.resolve("archive/broken.pem"), "not a certificate\n");
        repoint(liveCert, broken);

        // when
        CertificateReloader.Outcome outcome = reloader.checkForChange();

        // then
        assertThat(outcome).isEqualTo(CertificateReloader.Outcome.REFUSED);
        assertThat(tls.current()).isSameAs(before);
        assertThat(log.list).singleElement().satisfies(event -> assertThat(event.getFormattedMessage())
                .contains("refused the new certificate", liveCert.toString(), "still serving the previous one"));
        assertThat(reloader.checkForChange()).as("the same broken files are not retried").isEqualTo(
                CertificateReloader.Outcome.UNCHANGED);
    }

    @Test
    void shouldRefuseAKeyThatDoesNotMatchTheCertificate() throws Exception {
        // given: half a renewal, the certificate moved but not the key
        SslContext before = tls.current();
        repoint(liveCert, ca.issueTo(dir.resolve("archive/2"), "localhost").certificate());

        // when / then
        assertThat(reloader.checkForChange()).isEqualTo(CertificateReloader.Outcome.REFUSED);
        assertThat(tls.current()).isSameAs(before);
    }

    @Test
    void shouldReloadOnRequestEvenWhenTheFilesLookTheSame() {
        SslContext before = tls.current();

        assertThat(reloader.reload("SIGHUP")).isEqualTo(CertificateReloader.Outcome.RELOADED);
        assertThat(tls.current()).isNotSameAs(before);
    }

    private static void repoint(Path link, Path target) throws Exception {
        Path temporary = link.resolveSibling(link.getFileName() + ".new");
        Files.createSymbolicLink(temporary, target);
        Files.move(temporary, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
