package dev.postern.server.interop;

import dev.postern.core.account.AccountService;
import dev.postern.core.config.ConfigLoader;
import dev.postern.core.config.GatewayConfig;
import dev.postern.core.store.Limits;
import dev.postern.core.store.Scope;
import dev.postern.core.store.sqlite.SqliteStore;
import dev.postern.core.testing.SelfSignedPem;
import dev.postern.core.tls.CertificateFiles;
import dev.postern.core.tls.SelfSignedCertificates;
import dev.postern.server.Components;
import dev.postern.server.Gateway;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.EnumSet;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * A Postern gateway for interoperability tests, set up the way an operator would: a folder with a
 * self-signed certificate, a master-password file, a SQLite store holding one app password for one
 * user, and a YAML configuration that goes through {@link ConfigLoader#parse} and
 * {@link Gateway#start}. It serves one front (IMAP, or POP3) on loopback with implicit TLS and with
 * STARTTLS.
 */
final class PosternUnderTest implements AutoCloseable {

    static final String LOOPBACK = "127.0.0.1";
    static final String MASTER_PASSWORD_FILE = "master-password";

    private final Gateway gateway;
    private final String protocol;
    private final CertificateFiles certificate;
    private final String appPassword;
    private final String readOnlyAppPassword;
    private final String limitedAppPassword;

    private PosternUnderTest(Gateway gateway, String protocol, CertificateFiles certificate, String appPassword,
                             String readOnlyAppPassword, String limitedAppPassword) {
        this.gateway = gateway;
        this.protocol = protocol;
        this.certificate = certificate;
        this.appPassword = appPassword;
        this.readOnlyAppPassword = readOnlyAppPassword;
        this.limitedAppPassword = limitedAppPassword;
    }

    /** A gateway in {@code folder} for {@code user}, logging in upstream as {@code masterUser}. */
    static Builder builder(Path folder, String user, String masterUser, String masterPassword) {
        return new Builder(folder, user, masterUser, masterPassword);
    }

    /** The implicit-TLS listener of the front served (IMAP unless the builder said otherwise). */
    int implicitTlsPort() {
        return gateway.addresses(protocol).get(0).getPort();
    }

    int startTlsPort() {
        return gateway.addresses(protocol).get(1).getPort();
    }

    /** Postern's own certificate (names {@code localhost} and {@code 127.0.0.1}). */
    Path certificatePem() {
        return certificate.certificate();
    }

    /** A client TLS context trusting exactly Postern's certificate. */
    SSLContext clientSslContext() throws IOException {
        return SelfSignedPem.clientContextTrusting(certificatePem());
    }

    /** The user's app password, in display form. */
    String appPassword() {
        return appPassword;
    }

    /** The user's read-only IMAP ({@code imap-read}) app password, if the builder asked for one. */
    String readOnlyAppPassword() {
        if (readOnlyAppPassword == null) {
            throw new IllegalStateException("no read-only app password (expected: Builder.readOnlyAppPassword())");
        }
        return readOnlyAppPassword;
    }

    /** The user's app password with the builder's {@link Builder#limitedAppPassword limits}, if it asked for one. */
    String limitedAppPassword() {
        if (limitedAppPassword == null) {
            throw new IllegalStateException("no limited app password (expected: Builder.limitedAppPassword(limits))");
        }
        return limitedAppPassword;
    }

    @Override
    public void close() {
        gateway.close();
    }

    /** The upstream settings of one test; everything else is fixed. */
    static final class Builder {

        private final Path folder;
        private final String user;
        private final String masterUser;
        private final String masterPassword;
        private int upstreamPort;
        private String upstreamTls = "implicit";
        private String trust = "system";
        private String serverName = "localhost";
        private boolean forwardClientIp;
        private int warmConnections;
        private boolean readOnlyAppPassword;
        private Limits limits;
        private Scope protocol = Scope.IMAP;

        private Builder(Path folder, String user, String masterUser, String masterPassword) {
            this.folder = Objects.requireNonNull(folder, "folder");
            this.user = Objects.requireNonNull(user, "user");
            this.masterUser = Objects.requireNonNull(masterUser, "masterUser");
            this.masterPassword = Objects.requireNonNull(masterPassword, "masterPassword");
        }

        /** Upstream on {@code 127.0.0.1:port} with {@code tls} ({@code implicit}, {@code starttls}). */
        Builder upstream(int port, String tls) {
            this.upstreamPort = port;
            this.upstreamTls = tls;
            return this;
        }

        /** {@code upstream.trust}: {@code system}, or the PEM file to trust. */
        Builder trust(String trust) {
            this.trust = trust;
            return this;
        }

        Builder trust(Path pemFile) {
            return trust(pemFile.toAbsolutePath().toString());
        }

        Builder serverName(String serverName) {
            this.serverName = serverName;
            return this;
        }

        /** The front to serve: {@code IMAP} (default), {@code POP3} or {@code SMTP}; the app password gets that scope only. */
        Builder protocol(Scope front) {
            this.protocol = front;
            return this;
        }

        Builder forwardClientIp(boolean forward) {
            this.forwardClientIp = forward;
            return this;
        }

        /** {@code upstream.warm-connections}: connections kept ready per event loop (default 0). */
        Builder warmConnections(int perLoop) {
            this.warmConnections = perLoop;
            return this;
        }

        /** Also creates a read-only IMAP ({@code imap-read}) app password for the user. */
        Builder readOnlyAppPassword() {
            this.readOnlyAppPassword = true;
            return this;
        }

        /** Also creates an app password for the user with the front's scope and {@code limits}. */
        Builder limitedAppPassword(Limits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        PosternUnderTest start() throws IOException {
            if (upstreamPort == 0) {
                throw new IllegalStateException("upstream: not set (expected: Builder.upstream(port, tls))");
            }
            Files.createDirectories(folder);
            CertificateFiles certificate = SelfSignedCertificates.writeTo(folder);
            Files.writeString(folder.resolve(MASTER_PASSWORD_FILE), masterPassword + "\n");
            GatewayConfig config = ConfigLoader.parse(yaml(certificate), folder);
            String password;
            String readOnly = null;
            String limited = null;
            try (SqliteStore store = SqliteStore.open(config.store().sqlite())) {
                AccountService admin = new AccountService(store, Components.passwordHashes(config),
                        new SecureRandom(), InstantSource.system());
                password = admin.create(user, "interop test", EnumSet.of(protocol), null).password();
                if (readOnlyAppPassword) {
                    readOnly = admin.create(user, "interop read-only", EnumSet.of(Scope.IMAP_READ), null).password();
                }
                if (limits != null) {
                    limited = admin.create(user, "interop limited", EnumSet.of(protocol), null, limits).password();
                }
            }
            return new PosternUnderTest(Gateway.start(config), protocol.wireName(), certificate, password, readOnly,
                    limited);
        }

        /** Listeners on port 0: the kernel's choice, read back with {@link Gateway#addresses}. */
        private String yaml(CertificateFiles certificate) {
            return String.join("\n",
                    "tls:",
                    "  certificate: " + certificate.certificate().getFileName(),
                    "  private-key: " + certificate.privateKey().getFileName(),
                    "store:",
                    "  sqlite: postern.db",
                    "auth:",
                    "  failure-delay: 0s",
                    protocol.wireName() + ":",
                    "  listeners:",
                    "    - { address: \"" + LOOPBACK + ":0\", tls: implicit }",
                    "    - { address: \"" + LOOPBACK + ":0\", tls: starttls }",
                    "  upstream:",
                    "    address: \"" + LOOPBACK + ":" + upstreamPort + "\"",
                    "    tls: " + upstreamTls,
                    "    trust: \"" + trust + "\"",
                    "    server-name: \"" + serverName + "\"",
                    (protocol == Scope.SMTP ? "    xclient: " : "    forward-client-ip: ") + forwardClientIp,
                    "    login-timeout: 10s",
                    "    warm-connections: " + warmConnections,
                    "admin:",
                    "  address: \"127.0.0.1:0\"",
                "upstream-auth:",
                    "  mode: master-user",
                    "  master-user: " + masterUser,
                    "  master-password-file: " + MASTER_PASSWORD_FILE,
                    "");
        }
    }
}
