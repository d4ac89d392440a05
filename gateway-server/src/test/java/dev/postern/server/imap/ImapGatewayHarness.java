package dev.postern.server.imap;

import com.icegreen.greenmail.util.GreenMail;
import dev.postern.core.account.AccountService;
import dev.postern.core.auth.hash.PasswordHashes;
import dev.postern.core.config.ConfigLoader;
import dev.postern.core.config.GatewayConfig;
import dev.postern.core.relay.SessionListener;
import dev.postern.core.seal.SecretSealer;
import dev.postern.core.store.Scope;
import dev.postern.core.testing.SelfSignedPem;
import dev.postern.core.tls.CertificateFiles;
import dev.postern.core.tls.SelfSignedCertificates;
import dev.postern.server.Components;
import dev.postern.server.Gateway;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * One gateway as {@code serve} runs it, for end-to-end tests: a GreenMail upstream on a free
 * loopback port (unless the upstream is pointed elsewhere), a self-signed certificate, a sealing
 * key, a real YAML file loaded and validated, an implicit-TLS and a STARTTLS listener on free ports,
 * and {@link #USER} holding an IMAP app password and a sealed upstream password
 * ({@code stored-credential}: Postern logs in to GreenMail with LOGIN).
 */
public final class ImapGatewayHarness implements AutoCloseable {

    public static final String USER = "alice@example.test";

    private final Path folder;
    private final GreenMail greenMail;
    private final Gateway gateway;
    private final GatewayConfig config;
    private final SSLContext clientTls;
    private final String upstreamPassword;
    private final String appPassword;
    private final AtomicInteger labels = new AtomicInteger();

    private ImapGatewayHarness(Builder builder) throws IOException {
        this.folder = builder.folder;
        SecureRandom random = new SecureRandom();
        this.upstreamPassword = HexFormat.of().formatHex(random.generateSeed(12));
        this.greenMail = builder.upstreamPort == 0 ? Upstreams.greenMail(0, USER, upstreamPassword) : null;
        Gateway started = null;
        try {
            Files.createDirectories(folder);
            CertificateFiles certificate = SelfSignedCertificates.writeTo(folder);
            Path keyFile = folder.resolve("upstream.key");
            SecretSealer.createKeyFile(keyFile, random);
            int upstreamPort = greenMail != null ? greenMail.getImap().getPort() : builder.upstreamPort;
            Path configFile = folder.resolve("postern.yml");
            started = startGateway(configFile, certificate, upstreamPort, builder);
            this.gateway = started;
            this.config = ConfigLoader.load(configFile);
            this.clientTls = SelfSignedPem.clientContextTrusting(certificate.certificate());
            this.appPassword = createAppPassword(USER, EnumSet.of(Scope.IMAP));
            accounts().setUpstreamPassword(USER, upstreamPassword, SecretSealer.fromKeyFile(keyFile));
        } catch (IOException | RuntimeException e) {
            if (started != null) {
                started.close();
            }
            if (greenMail != null) {
                greenMail.stop();
            }
            throw e;
        }
    }

    private static Gateway startGateway(Path configFile, CertificateFiles certificate, int upstreamPort, Builder builder)
            throws IOException {
        Files.writeString(configFile, configuration(certificate, upstreamPort, builder));
        return Gateway.start(ConfigLoader.load(configFile), builder.sessions);
    }

    public static Builder builder(Path folder) {
        return new Builder(folder);
    }

    /** Starts a harness with the defaults: GreenMail upstream, failure delay 100 ms. */
    public static ImapGatewayHarness start(Path folder) throws IOException {
        return builder(folder).start();
    }

    /** Listeners on port 0: the kernel's choice, read back with {@link Gateway#addresses}. */
    private static String configuration(CertificateFiles certificate, int upstreamPort, Builder builder) {
        return String.join("\n",
                "tls:",
                "  certificate: " + certificate.certificate().getFileName(),
                "  private-key: " + certificate.privateKey().getFileName(),
                "store:",
                "  sqlite: postern.db",
                "auth:",
                "  failure-delay: " + builder.failureDelay.toMillis() + "ms",
                "imap:",
                "  listeners:",
                "    - { address: \"127.0.0.1:0\", tls: implicit }",
                "    - { address: \"127.0.0.1:0\", tls: starttls"
                        + (builder.proxyProtocol ? ", proxy-protocol: true }" : " }"),
                "  upstream:",
                "    address: \"127.0.0.1:" + upstreamPort + "\"",
                "    tls: none",
                "    connect-timeout: 1s",
                "    login-timeout: " + builder.loginTimeout.toMillis() + "ms",
                "admin:",
                "  address: \"127.0.0.1:0\"",
                builder.upstreamAuth,
                builder.extraYaml,
                "");
    }

    /** Where its files are: configuration, store, certificate, sealing key ({@code upstream.key}). */
    public Path folder() {
        return folder;
    }

    public int implicitPort() {
        return gateway.addresses("imap").get(0).getPort();
    }

    public int startTlsPort() {
        return gateway.addresses("imap").get(1).getPort();
    }

    /** A client context that trusts the gateway's certificate (for {@code localhost}). */
    public SSLContext clientTls() {
        return clientTls;
    }

    /** The upstream, or null when the harness was pointed at another upstream port. */
    GreenMail greenMail() {
        return greenMail;
    }

    /** The password GreenMail (or any upstream started later) must accept for {@link #USER}. */
    String upstreamPassword() {
        return upstreamPassword;
    }

    /** {@link #USER}'s IMAP app password, in display form. */
    public String appPassword() {
        return appPassword;
    }

    public Gateway gateway() {
        return gateway;
    }

    public AccountService accounts() {
        return accountsAt(InstantSource.system());
    }

    /** An admin whose clock reads {@code clock}, e.g. in the past to create an already expired password. */
    AccountService accountsAt(InstantSource clock) {
        PasswordHashes hashes = Components.passwordHashes(config);
        return new AccountService(gateway.store(), hashes, new SecureRandom(), clock);
    }

    String createAppPassword(String user, Set<Scope> scopes) {
        return accounts().create(user, nextLabel(), scopes, null).password();
    }

    /** An IMAP app password that expired an hour ago. */
    String createExpiredAppPassword(String user) {
        InstantSource yesterday = InstantSource.fixed(Instant.now().minus(Duration.ofDays(1)));
        return accountsAt(yesterday).create(user, nextLabel(), EnumSet.of(Scope.IMAP), Duration.ofHours(23)).password();
    }

    /** An IMAP app password that has been revoked. */
    String createRevokedAppPassword(String user) {
        AccountService.Created created = accounts().create(user, nextLabel(), EnumSet.of(Scope.IMAP), null);
        gateway.store().revokeAppPassword(created.record().id(), Instant.now());
        return created.password();
    }

    private String nextLabel() {
        return "test " + labels.incrementAndGet();
    }

    public RawImapClient connectImplicit() throws IOException {
        return RawImapClient.connectTls(implicitPort(), clientTls);
    }

    /** Connects to the STARTTLS listener and upgrades the connection; the session is not authenticated yet. */
    RawImapClient connectStartTls() throws IOException {
        RawImapClient client = RawImapClient.connectPlain(startTlsPort());
        try {
            client.startTls("tls", clientTls);
        } catch (IOException | RuntimeException | AssertionError e) {
            client.close();
            throw e;
        }
        return client;
    }

    @Override
    public void close() {
        try {
            gateway.close();
        } finally {
            if (greenMail != null) {
                greenMail.stop();
            }
        }
    }

    /** Options of one harness; every option has a default. */
    public static final class Builder {
        private final Path folder;
        private Duration failureDelay = Duration.ofMillis(100);
        private Duration loginTimeout = Duration.ofSeconds(5);
        private int upstreamPort;
        private Supplier<SessionListener> sessions = () -> SessionListener.NONE;
        private boolean proxyProtocol;
        private String extraYaml = "";
        private String upstreamAuth = "upstream-auth:\n  mode: stored-credential\n  key-file: upstream.key";

        private Builder(Path folder) {
            this.folder = folder;
        }

        Builder failureDelay(Duration delay) {
            this.failureDelay = delay;
            return this;
        }

        /** {@code imap.upstream.login-timeout}; at least 1 s (the configuration's minimum). */
        Builder loginTimeout(Duration timeout) {
            this.loginTimeout = timeout;
            return this;
        }

        /** Points the upstream at this loopback port instead of starting GreenMail. */
        Builder upstreamPort(int port) {
            this.upstreamPort = port;
            return this;
        }

        /** Top-level YAML appended to the configuration, e.g. a {@code limits} section. */
        public Builder extraYaml(String yaml) {
            this.extraYaml = yaml;
            return this;
        }

        /**
         * The {@code upstream-auth} section instead of stored-credential with {@code upstream.key} (a key
         * file of that name is always written; the user's upstream password is stored whatever the mode).
         */
        public Builder upstreamAuth(String yaml) {
            this.upstreamAuth = yaml;
            return this;
        }

        /** Sets {@code proxy-protocol: true} on the STARTTLS listener (trusted proxies go in {@link #extraYaml}). */
        Builder proxyProtocol(boolean enabled) {
            this.proxyProtocol = enabled;
            return this;
        }

        Builder sessions(Supplier<SessionListener> sessions) {
            this.sessions = sessions;
            return this;
        }

        public ImapGatewayHarness start() throws IOException {
            try {
                return new ImapGatewayHarness(this);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
    }
}
