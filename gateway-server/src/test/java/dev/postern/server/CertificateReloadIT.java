package dev.postern.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postern.core.testing.ImapTestClient;
import dev.postern.core.testing.SelfSignedPem;
import dev.postern.core.tls.CertificateReloader;
import dev.postern.core.tls.SelfSignedCertificates;
import dev.postern.server.demo.Demo;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A certificate replaced on disk is served to the next connection; open sessions go on; a broken one is refused. */
class CertificateReloadIT {

    @TempDir
    Path dir;

    @Test
    void shouldServeTheNewCertificateToTheNextConnectionWhileAnOpenSessionGoesOn() throws Exception {
        try (Demo demo = Demo.start(dir, 0, 0)) {
            // given: a relayed session under the first certificate
            int imaps = demo.gateway().addresses("imap").get(1).getPort();
            Path oldCertificate = Files.copy(demo.certificate(), dir.resolve("old.pem"));
            SSLContext trustOld = SelfSignedPem.clientContextTrusting(oldCertificate);
            try (ImapTestClient session = ImapTestClient.connectTls(imaps, trustOld)) {
                login(session, demo);

                // when: a renewal replaces the files and the periodic check runs
                SelfSignedCertificates.writeTo(demo.folder());
                CertificateReloader.Outcome outcome = demo.gateway().checkCertificateFiles();

                // then: the next connection gets the new certificate, the old session still works
                assertThat(outcome).isEqualTo(CertificateReloader.Outcome.RELOADED);
                SSLContext trustNew = SelfSignedPem.clientContextTrusting(demo.certificate());
                try (ImapTestClient next = ImapTestClient.connectTls(imaps, trustNew)) {
                    assertThat(next.greeting()).startsWith("* OK");
                }
                assertThatThrownBy(() -> ImapTestClient.connectTls(imaps, trustOld).close())
                        .isInstanceOf(SSLHandshakeException.class);
                assertThat(session.command("a2", "SELECT INBOX")).last().asString().startsWith("a2 OK");
            }
        }
    }

    @Test
    void shouldKeepServingTheOldCertificateWhenTheNewFileIsBroken() throws Exception {
        try (Demo demo = Demo.start(dir, 0, 0)) {
            // given
            int imaps = demo.gateway().addresses("imap").get(1).getPort();
            SSLContext trust = SelfSignedPem.clientContextTrusting(Files.copy(demo.certificate(), dir.resolve("old.pem")));

            // when: the certificate file is overwritten with garbage, then SIGHUP
            Files.writeString(demo.certificate(), "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n");
            CertificateReloader.Outcome changed = demo.gateway().checkCertificateFiles();
            CertificateReloader.Outcome hup = demo.gateway().reloadCertificate();

            // then
            assertThat(changed).isEqualTo(CertificateReloader.Outcome.REFUSED);
            assertThat(hup).isEqualTo(CertificateReloader.Outcome.REFUSED);
            try (ImapTestClient next = ImapTestClient.connectTls(imaps, trust)) {
                assertThat(next.greeting()).startsWith("* OK");
            }
        }
    }

    private static void login(ImapTestClient client, Demo demo) throws Exception {
        TestSecrets.register(demo);
        assertThat(client.command("a1", "LOGIN \"" + Demo.USER + "\" \"" + demo.appPassword() + "\""))
                .last().asString().startsWith("a1 OK");
    }
}
