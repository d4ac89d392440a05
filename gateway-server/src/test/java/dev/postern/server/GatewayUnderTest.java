package dev.postern.server;

import dev.postern.core.account.AccountService;
import dev.postern.core.config.ConfigLoader;
import dev.postern.core.config.GatewayConfig;
import dev.postern.core.seal.SecretSealer;
import dev.postern.core.store.Scope;
import dev.postern.core.store.sqlite.SqliteStore;
import dev.postern.core.testing.SelfSignedPem;
import dev.postern.core.tls.CertificateFiles;
import dev.postern.core.tls.SelfSignedCertificates;
import dev.postern.server.demo.upstream.DemoUpstream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;

/**
 * A real gateway for integration tests: GreenMail upstream, stored-credential mode, one user with
 * one app password, IMAP on implicit TLS and STARTTLS, admin HTTP, every port picked by the system,
 * and a short failure delay.
 */
final class GatewayUnderTest implements AutoCloseable {

    static final String USER = "carol@example.com";

    final Path folder;
    final DemoUpstream upstream;
    final Gateway gateway;
    final String appPassword;
    final String appPasswordId;
    final CertificateFiles certificate;

    private GatewayUnderTest(Path folder, DemoUpstream upstream, Gateway gateway, String appPassword,
                             String appPasswordId, CertificateFiles certificate) {
        this.folder = folder;
        this.upstream = upstream;
        this.gateway = gateway;
        this.appPassword = appPassword;
        this.appPasswordId = appPasswordId;
        this.certificate = certificate;
    }

    static GatewayUnderTest start(Path folder) throws IOException {
        return start(folder, List.of());
    }

    /** As above, with more keys of the {@code admin} section (each line as it goes under {@code admin:}). */
    static GatewayUnderTest start(Path folder, List<String> adminKeys) throws IOException {
        SecureRandom random = new SecureRandom();
        String upstreamPassword = HexFormat.of().formatHex(random.generateSeed(16));
        DemoUpstream upstream = DemoUpstream.start(USER, upstreamPassword);
        try {
            CertificateFiles certificate = SelfSignedCertificates.writeTo(folder);
            Path keyFile = folder.resolve("upstream.key");
            SecretSealer.createKeyFile(keyFile, random);
            Path configFile = folder.resolve("postern.yml");
            Files.writeString(configFile, String.join("\n",
                    "tls:",
                    "  certificate: " + certificate.certificate().getFileName(),
                    "  private-key: " + certificate.privateKey().getFileName(),
                    "store:",
                    "  sqlite: postern.db",
                    "auth:",
                    "  failure-delay: 100ms",
                    "imap:",
                    "  listeners:",
                    "    - { address: \"127.0.0.1:0\", tls: implicit }",
                    "    - { address: \"127.0.0.1:0\", tls: starttls }",
                    "  upstream: { address: \"127.0.0.1:" + upstream.imapPort() + "\", tls: none }",
                    "upstream-auth:",
                    "  mode: stored-credential",
                    "  key-file: upstream.key",
                    "admin:",
                    "  address: \"127.0.0.1:0\"",
                    adminKeys.stream().map(key -> "  " + key + "\n").collect(Collectors.joining())));
            GatewayConfig config = ConfigLoader.load(configFile);
            AccountService.Created created;
            try (SqliteStore store = SqliteStore.open(config.store().sqlite())) {
                AccountService admin = new AccountService(store, Components.passwordHashes(config), random,
                        InstantSource.system());
                created = admin.create(USER, "laptop", EnumSet.of(Scope.IMAP, Scope.SMTP, Scope.POP3), null);
                admin.setUpstreamPassword(USER, upstreamPassword, SecretSealer.fromKeyFile(keyFile));
            }
            Gateway gateway = Gateway.start(config);
            return new GatewayUnderTest(folder, upstream, gateway, created.password(), created.record().id(), certificate);
        } catch (IOException | RuntimeException e) {
            upstream.close();
            throw e;
        }
    }

    int imapsPort() {
        return gateway.addresses("imap").get(0).getPort();
    }

    int adminPort() {
        return gateway.adminAddress().getPort();
    }

    Path database() {
        return folder.resolve("postern.db");
    }

    SSLContext clientTls() throws IOException {
        return SelfSignedPem.clientContextTrusting(certificate.certificate());
    }

    @Override
    public void close() {
        gateway.close();
        upstream.close();
    }
}
