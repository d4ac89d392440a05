package dev.postern.server.demo;

import dev.postern.core.account.AccountService;
import dev.postern.core.config.AdminConfig;
import dev.postern.core.config.ConfigLoader;
import dev.postern.core.config.GatewayConfig;
import dev.postern.core.seal.SecretSealer;
import dev.postern.core.store.CredentialStore;
import dev.postern.core.store.Scope;
import dev.postern.core.tls.CertificateFiles;
import dev.postern.core.tls.PemFiles;
import dev.postern.core.tls.SelfSignedCertificates;
import dev.postern.server.Components;
import dev.postern.server.Gateway;
import dev.postern.server.StoreFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.InstantSource;
import java.util.EnumSet;
import java.util.HexFormat;

/**
 * The self-contained demo: an embedded upstream ({@link EmbeddedUpstream}: GreenMail, from
 * {@value EmbeddedUpstream#JAR}), a self-signed certificate, a SQLite
 * store and a configuration file in one folder, the gateway on loopback, and one app password to
 * log in with. Everything goes through the same code as {@code serve} (the configuration is a real
 * file, loaded and validated).
 */
public final class Demo implements AutoCloseable {

    public static final String USER = "demo@localhost";

    private final Path folder;
    private final EmbeddedUpstream upstream;
    private final Gateway gateway;
    private final String appPassword;
    private final CertificateFiles certificate;
    private final String upstreamPassword;

    private Demo(Path folder, EmbeddedUpstream upstream, Gateway gateway, String appPassword, CertificateFiles certificate,
                 String upstreamPassword) {
        this.upstreamPassword = upstreamPassword;
        this.folder = folder;
        this.upstream = upstream;
        this.gateway = gateway;
        this.appPassword = appPassword;
        this.certificate = certificate;
    }

    /** Starts the demo in {@code folder} with IMAP on the given loopback ports (0 picks free ones), admin HTTP on 9142. */
    public static Demo start(Path folder, int imapStartTlsPort, int imapsPort) {
        return start(folder, imapStartTlsPort, imapsPort, -1, -1, AdminConfig.DEFAULT_ADDRESS.port());
    }

    /** As above, with the admin HTTP listener (metrics, health) on {@code adminPort} of loopback. */
    public static Demo start(Path folder, int imapStartTlsPort, int imapsPort, int adminPort) {
        return start(folder, new Ports(imapStartTlsPort, imapsPort, -1, -1, -1, -1, adminPort));
    }

    /** IMAP and SMTP submission on the given loopback ports, admin HTTP on 9142. */
    public static Demo start(Path folder, int imapStartTlsPort, int imapsPort, int smtpStartTlsPort, int smtpsPort) {
        return start(folder, imapStartTlsPort, imapsPort, smtpStartTlsPort, smtpsPort, AdminConfig.DEFAULT_ADDRESS.port());
    }

    /** IMAP and SMTP submission on the given loopback ports, admin HTTP on {@code adminPort}. */
    public static Demo start(Path folder, int imapStartTlsPort, int imapsPort, int smtpStartTlsPort, int smtpsPort,
                             int adminPort) {
        return start(folder, new Ports(imapStartTlsPort, imapsPort, smtpStartTlsPort, smtpsPort, -1, -1, adminPort));
    }

    /**
     * The demo's loopback ports: 0 picks a free one; a negative SMTP or POP3 port leaves that
     * protocol out (both of its ports must be given for it to be served).
     */
    public record Ports(int imapStartTls, int imaps, int smtpStartTls, int smtps, int pop3Stls, int pop3s, int admin) {
    }

    /** Starts the demo in {@code folder}: its files, the embedded upstream and the gateway on {@code ports}. */
    public static Demo start(Path folder, Ports ports) {
        SecureRandom random = new SecureRandom();
        String upstreamPassword = HexFormat.of().formatHex(random.generateSeed(16));
        EmbeddedUpstream upstream = EmbeddedUpstream.start(USER, upstreamPassword);
        try {
            Files.createDirectories(folder);
            CertificateFiles certificate = SelfSignedCertificates.writeTo(folder);
            Path keyFile = folder.resolve("upstream.key");
            if (!Files.exists(keyFile)) {
                SecretSealer.createKeyFile(keyFile, random);
            }
            Path configFile = folder.resolve("postern.yml");
            Files.writeString(configFile, configuration(certificate, upstream.imapPort(), ports.imapStartTls(),
                    ports.imaps(), ports.admin())
                    + secondProtocol("smtp", upstream.smtpPort(), ports.smtpStartTls(), ports.smtps())
                    + secondProtocol("pop3", upstream.pop3Port(), ports.pop3Stls(), ports.pop3s()));
            GatewayConfig config = ConfigLoader.load(configFile);

            String password;
            try (CredentialStore store = StoreFactory.open(config.store())) {
                AccountService admin = new AccountService(store, Components.passwordHashes(config), random,
                        InstantSource.system());
                AccountService.Created created = admin.create(USER, "demo " + java.time.Instant.now(),
                        EnumSet.of(Scope.IMAP, Scope.SMTP, Scope.POP3), null);
                admin.setUpstreamPassword(USER, upstreamPassword, SecretSealer.fromKeyFile(keyFile));
                password = created.password();
            }
            return new Demo(folder, upstream, Gateway.start(config), password, certificate, upstreamPassword);
        } catch (IOException e) {
            upstream.close();
            throw new UncheckedIOException("demo: cannot prepare " + folder + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            upstream.close();
            throw e;
        }
    }

    private static String configuration(CertificateFiles certificate, int upstreamPort, int startTlsPort, int imapsPort,
                                        int adminPort) {
        return String.join("\n",
                "# Written by `postern demo`; every key is described in the README.",
                "tls:",
                "  certificate: " + certificate.certificate().getFileName(),
                "  private-key: " + certificate.privateKey().getFileName(),
                "store:",
                "  sqlite: postern.db",
                "imap:",
                "  listeners:",
                "    - { address: \"127.0.0.1:" + startTlsPort + "\", tls: starttls }",
                "    - { address: \"127.0.0.1:" + imapsPort + "\", tls: implicit }",
                "  upstream: { address: \"127.0.0.1:" + upstreamPort + "\", tls: none }",
                "upstream-auth:",
                "  mode: stored-credential",
                "  key-file: upstream.key",
                "admin:",
                "  address: \"127.0.0.1:" + adminPort + "\"",
                "");
    }

    /** The {@code smtp} or {@code pop3} section, or nothing when either port is negative. */
    private static String secondProtocol(String section, int upstreamPort, int startTlsPort, int implicitPort) {
        if (startTlsPort < 0 || implicitPort < 0) {
            return "";
        }
        return String.join("\n",
                section + ":",
                "  listeners:",
                "    - { address: \"127.0.0.1:" + startTlsPort + "\", tls: starttls }",
                "    - { address: \"127.0.0.1:" + implicitPort + "\", tls: implicit }",
                "  upstream: { address: \"127.0.0.1:" + upstreamPort + "\", tls: none }",
                "  host-name: localhost",
                "");
    }

    /** The embedded upstream's password for the demo user (tests register it as a secret to look for in logs). */
    public String upstreamPassword() {
        return upstreamPassword;
    }

    public String appPassword() {
        return appPassword;
    }

    public Path folder() {
        return folder;
    }

    public Path certificate() {
        return certificate.certificate();
    }

    public Gateway gateway() {
        return gateway;
    }

    /** The embedded upstream ({@code DemoUpstream} from {@value EmbeddedUpstream#JAR}). */
    public EmbeddedUpstream upstream() {
        return upstream;
    }

    /**
     * The SHA-256 fingerprint of the demo's self-signed certificate, as {@code openssl x509
     * -fingerprint -sha256} and most mail clients show it: upper-case hex pairs joined by colons.
     */
    public String certificateFingerprint() {
        X509Certificate leaf = PemFiles.readCertificates(certificate.certificate()).get(0);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(leaf.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (CertificateEncodingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("demo: cannot fingerprint " + certificate.certificate(), e);
        }
    }

    /** Stops like {@code serve} ({@link Gateway#shutdown()}: the same stopping lines), then the embedded upstream. */
    public void shutdown() {
        try {
            gateway.shutdown();
        } finally {
            upstream.close();
        }
    }

    @Override
    public void close() {
        try {
            gateway.close();
        } finally {
            upstream.close();
        }
    }
}
