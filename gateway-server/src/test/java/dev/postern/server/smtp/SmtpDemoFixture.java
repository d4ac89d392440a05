package dev.postern.server.smtp;

import dev.postern.core.ingress.ListenException;
import dev.postern.core.testing.FreePorts;
import dev.postern.server.demo.Demo;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The demo stack as the SMTP ITs' world: GreenMail SMTP upstream (stored-credential mode), the
 * gateway on free loopback ports, an app password, and a TLS context trusting the demo certificate.
 */
final class SmtpDemoFixture implements AutoCloseable {

    final Demo demo;
    final SSLContext tls;

    SmtpDemoFixture(Path folder) throws Exception {
        demo = startOnFreePorts(folder);
        tls = trusting(demo.certificate());
    }

    int startTlsPort() {
        return demo.gateway().addresses("smtp").get(0).getPort();
    }

    int implicitTlsPort() {
        return demo.gateway().addresses("smtp").get(1).getPort();
    }

    String plain(String password) {
        return Base64.getEncoder().encodeToString(("\0" + Demo.USER + "\0" + password).getBytes(StandardCharsets.UTF_8));
    }

    static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The demo on ports free a moment ago: another process (a parallel test's outgoing connection)
     * may take one before the gateway binds it, so a port found taken means new ports, a few times.
     */
    private static Demo startOnFreePorts(Path folder) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                int[] ports = FreePorts.loopback(4);
                return Demo.start(folder, ports[0], ports[1], ports[2], ports[3], 0);
            } catch (ListenException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    private static SSLContext trusting(Path pem) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            store.setCertificateEntry("demo", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    @Override
    public void close() {
        demo.close();
    }
}
