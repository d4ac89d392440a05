package dev.postern.server.hostile;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.postern.core.account.AccountService;
import dev.postern.core.config.ConfigLoader;
import dev.postern.core.config.GatewayConfig;
import dev.postern.core.seal.SecretSealer;
import dev.postern.core.store.Scope;
import dev.postern.core.testing.SelfSignedPem;
import dev.postern.core.testing.TestSecrets;
import dev.postern.core.tls.CertificateFiles;
import dev.postern.core.tls.SelfSignedCertificates;
import dev.postern.server.Components;
import dev.postern.server.Gateway;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.function.IntUnaryOperator;
import javax.net.ssl.SSLContext;

/**
 * The world of the hostile-input ITs: one gateway with IMAP, SMTP and POP3, each on an implicit-TLS and a
 * STARTTLS listener (port 0; IMAP also on a loopback listener without TLS), an admin listener, {@code tls.handshake-timeout: 2s}, a pre-auth timeout of 5 s, a failure delay of
 * {@link #FAILURE_DELAY} (long enough to tell an immediate refusal from a delayed one), and GreenMail
 * as the IMAP, SMTP and POP3 upstream ({@code stored-credential}). Two users hold app passwords for all three
 * protocols: {@link #USER} and {@link #LONG_USER}, whose name is 255 octets, the most
 * {@code UserNames} allows.
 */
final class HostileGateway implements AutoCloseable {

    static final String USER = "alice@example.test";
    static final String LONG_USER = "l".repeat(255 - "@example.test".length()) + "@example.test";
    static final Duration FAILURE_DELAY = Duration.ofSeconds(1);
    /** Short enough to test a stalled handshake quickly, long enough for every real one on a loaded machine. */
    static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(2);
    static final Duration PRE_AUTH_TIMEOUT = Duration.ofSeconds(5);

    private final String upstreamPassword;
    private final Path folder;
    private final GreenMail greenMail;
    private final Gateway gateway;
    private final SSLContext clientTls;
    private final String appPassword;
    private final String longUserAppPassword;

    HostileGateway(Path folder) throws IOException {
        this(folder, Tuning.DEFAULT);
    }

    /** As {@link #HostileGateway(Path)}, with the changes of {@code tuning}. */
    HostileGateway(Path folder, Tuning tuning) throws IOException {
        this.folder = folder;
        upstreamPassword = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
        greenMail = new GreenMail(new ServerSetup[] {
            new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP).dynamicPort(),
            new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort(),
            new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_POP3).dynamicPort()});
        greenMail.start();
        Gateway started = null;
        try {
            greenMail.setUser(USER, USER, upstreamPassword);
            greenMail.setUser(LONG_USER, LONG_USER, upstreamPassword);
            CertificateFiles certificate = SelfSignedCertificates.writeTo(folder);
            Path keyFile = folder.resolve("upstream.key");
            SecretSealer.createKeyFile(keyFile, new SecureRandom());
            Path configFile = folder.resolve("postern.yml");
            Files.writeString(configFile, configuration(certificate, tuning));
            GatewayConfig config = ConfigLoader.load(configFile);
            started = Gateway.start(config);
            gateway = started;
            clientTls = SelfSignedPem.clientContextTrusting(certificate.certificate());
            AccountService admin = new AccountService(gateway.store(), Components.passwordHashes(config),
                    new SecureRandom(), InstantSource.system());
            SecretSealer sealer = SecretSealer.fromKeyFile(keyFile);
            appPassword = admin.create(USER, "hostile", EnumSet.of(Scope.IMAP, Scope.SMTP, Scope.POP3), null).password();
            admin.setUpstreamPassword(USER, upstreamPassword, sealer);
            longUserAppPassword = admin.create(LONG_USER, "hostile", EnumSet.of(Scope.IMAP, Scope.SMTP, Scope.POP3), null).password();
            TestSecrets.registerPassword(USER, appPassword);
            TestSecrets.registerPassword(LONG_USER, longUserAppPassword);
            TestSecrets.register(upstreamPassword);
            admin.setUpstreamPassword(LONG_USER, upstreamPassword, sealer);
        } catch (IOException | RuntimeException e) {
            if (started != null) {
                started.close();
            }
            greenMail.stop();
            throw e;
        }
    }

    private String configuration(CertificateFiles certificate, Tuning tuning) {
        return String.join("\n",
                "tls:",
                "  certificate: " + certificate.certificate().getFileName(),
                "  private-key: " + certificate.privateKey().getFileName(),
                "  handshake-timeout: " + HANDSHAKE_TIMEOUT.toSeconds() + "s",
                "store:",
                tuning.store(),
                "auth:",
                "  failure-delay: " + FAILURE_DELAY.toMillis() + "ms",
                tuning.auth(),
                // These cases test the parsers' answers, not throttling (ImapAbuseIT does): one fixed
                // delay, and thresholds no test class reaches from 127.0.0.1.
                "limits:",
                "  failures:",
                "    max-delay: " + FAILURE_DELAY.toMillis() + "ms",
                "    per-ip: 100000",
                "    per-user-and-ip: 100000",
                "    per-user: 100000",
                "    per-user-delay: 0s",
                tuning.limits(),
                "admin:",
                "  address: \"127.0.0.1:0\"",
                "imap:",
                "  listeners:",
                "    - { address: \"127.0.0.1:0\", tls: implicit }",
                "    - { address: \"127.0.0.1:0\", tls: starttls }",
                "    - { address: \"127.0.0.1:0\", tls: none }",
                "  upstream: { address: \"127.0.0.1:" + tuning.imapUpstream().applyAsInt(greenMail.getImap().getPort())
                        + "\", tls: none, login-timeout: 10s }",
                "  pre-auth-timeout: " + tuning.preAuthTimeout().toSeconds() + "s",
                "smtp:",
                "  listeners:",
                "    - { address: \"127.0.0.1:0\", tls: implicit }",
                "    - { address: \"127.0.0.1:0\", tls: starttls }",
                "  upstream: { address: \"127.0.0.1:" + greenMail.getSmtp().getPort() + "\", tls: none }",
                "  host-name: localhost",
                "  pre-auth-timeout: " + tuning.preAuthTimeout().toSeconds() + "s",
                "pop3:",
                "  listeners:",
                "    - { address: \"127.0.0.1:0\", tls: implicit }",
                "    - { address: \"127.0.0.1:0\", tls: starttls }",
                "  upstream: { address: \"127.0.0.1:" + greenMail.getPop3().getPort() + "\", tls: none }",
                "  host-name: localhost",
                "  pre-auth-timeout: " + tuning.preAuthTimeout().toSeconds() + "s",
                "upstream-auth:",
                "  mode: stored-credential",
                "  key-file: upstream.key",
                "");
    }

    int imapImplicitPort() {
        return gateway.addresses("imap").get(0).getPort();
    }

    int imapStartTlsPort() {
        return gateway.addresses("imap").get(1).getPort();
    }

    /** The loopback listener without TLS ({@code tls: none}, allowed on loopback only). */
    int imapPlainPort() {
        return gateway.addresses("imap").get(2).getPort();
    }

    int smtpImplicitPort() {
        return gateway.addresses("smtp").get(0).getPort();
    }

    int smtpStartTlsPort() {
        return gateway.addresses("smtp").get(1).getPort();
    }

    int pop3ImplicitPort() {
        return gateway.addresses("pop3").get(0).getPort();
    }

    int pop3StartTlsPort() {
        return gateway.addresses("pop3").get(1).getPort();
    }

    /** A client context that trusts the gateway's certificate (for {@code localhost}). */
    SSLContext clientTls() {
        return clientTls;
    }

    String appPassword() {
        return appPassword;
    }

    Gateway gateway() {
        return gateway;
    }

    GreenMail greenMail() {
        return greenMail;
    }

    /** The configuration file the gateway was started with (for a second gateway sharing its store and upstream). */
    Path configFile() {
        return folder.resolve("postern.yml");
    }

    /** The SQLite file the gateway opened. */
    Path database() {
        return folder.resolve("postern.db");
    }

    /** The users' password at the upstream (GreenMail), sealed in the store. */
    String upstreamPassword() {
        return upstreamPassword;
    }

    /** The key that seals upstream secrets in the store. */
    Path keyFile() {
        return folder.resolve("upstream.key");
    }

    String longUserAppPassword() {
        return longUserAppPassword;
    }

    @Override
    public void close() {
        try {
            gateway.close();
        } finally {
            greenMail.stop();
        }
    }

    /**
     * Changes to the configuration for one test class: YAML lines added under {@code auth:} and
     * {@code limits:} (indented by two), the pre-auth timeout, and the IMAP upstream port as a function of GreenMail's
     * (e.g. a proxy in front of it).
     */
    record Tuning(String auth, String limits, IntUnaryOperator imapUpstream, Duration preAuthTimeout, String store) {
        static final Tuning DEFAULT = new Tuning("", "", port -> port, PRE_AUTH_TIMEOUT, "  sqlite: postern.db");

        /** The lines of the {@code store:} section (indented by two). */
        Tuning withStore(String yaml) {
            return new Tuning(auth, limits, imapUpstream, preAuthTimeout, yaml);
        }

        Tuning withAuth(String yaml) {
            return new Tuning(yaml, limits, imapUpstream, preAuthTimeout, store);
        }

        Tuning withLimits(String yaml) {
            return new Tuning(auth, yaml, imapUpstream, preAuthTimeout, store);
        }

        Tuning withImapUpstream(IntUnaryOperator port) {
            return new Tuning(auth, limits, port, preAuthTimeout, store);
        }

        /** The pre-auth timeout of both fronts (whole seconds). */
        Tuning withPreAuthTimeout(Duration timeout) {
            return new Tuning(auth, limits, imapUpstream, timeout, store);
        }
    }
}
