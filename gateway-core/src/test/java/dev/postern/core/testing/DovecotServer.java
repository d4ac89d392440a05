package dev.postern.core.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * A real Dovecot 2.3 IMAP server for integration tests, started from the Debian package
 * {@code dovecot-imapd} with a generated, self-contained configuration in a work folder: loopback
 * listeners on free ports (IMAP, and IMAPS with a generated certificate; on request submission
 * and POP3), passwd-file users, and a master user who may log in as any user (SASL PLAIN authzid, or {@code user*master}).
 *
 * <pre>{@code
 * try (DovecotServer dovecot = DovecotServer.builder(tempDir).user("alice", "secret").start()) {
 *     int port = dovecot.imapPort();
 *     ...
 * }
 * }</pre>
 *
 * Tests are not skipped when Dovecot is missing: {@link Builder#start()} fails and says how to
 * install it.
 */
public final class DovecotServer implements AutoCloseable {

    /** Where Debian's {@code dovecot-core} installs the master binary. */
    public static final Path DOVECOT_BINARY = Path.of("/usr/sbin/dovecot");
    public static final String NOT_INSTALLED = "Dovecot is not installed: " + DOVECOT_BINARY
            + " is missing (expected: run 'apt-get install -y dovecot-imapd'; CI installs it)";
    /** Where Debian's {@code dovecot-submissiond} installs the submission login process. */
    public static final Path SUBMISSION_BINARY = Path.of("/usr/lib/dovecot/submission-login");
    public static final String SUBMISSION_NOT_INSTALLED = "Dovecot's submission service is not installed: "
            + SUBMISSION_BINARY + " is missing (expected: run 'apt-get install -y dovecot-submissiond'; CI installs it)";
    /** Where Debian's {@code dovecot-pop3d} installs the POP3 login process. */
    public static final Path POP3_BINARY = Path.of("/usr/lib/dovecot/pop3-login");
    public static final String POP3_NOT_INSTALLED = "Dovecot's POP3 service is not installed: "
            + POP3_BINARY + " is missing (expected: run 'apt-get install -y dovecot-pop3d'; CI installs it)";
    public static final String DEFAULT_MASTER_USER = "postern-master";
    private static final Duration USER_RELOAD_TIMEOUT = Duration.ofSeconds(5);

    private final DovecotLayout layout;
    private final DovecotConfig config;
    private final DovecotProcess process;
    private final String masterUser;
    private final String masterPassword;
    private final Map<String, String> users;

    private DovecotServer(DovecotLayout layout, DovecotConfig config, DovecotProcess process,
            String masterUser, String masterPassword, Map<String, String> users) {
        this.layout = layout;
        this.config = config;
        this.process = process;
        this.masterUser = masterUser;
        this.masterPassword = masterPassword;
        this.users = users;
    }

    /** Whether the Dovecot binary is present and executable. */
    public static boolean isInstalled() {
        return Files.isExecutable(DOVECOT_BINARY);
    }

    /** Starts a server with IMAPS, the default master user and no other users. */
    public static DovecotServer start(Path workDir) throws IOException {
        return builder(workDir).start();
    }

    public static Builder builder(Path workDir) {
        return new Builder(workDir);
    }

    public int imapPort() {
        return config.imapPort();
    }

    /** @throws IllegalStateException if the server was built with {@code imaps(false)} */
    public int imapsPort() {
        if (config.imapsPort() == 0) {
            throw new IllegalStateException("imaps: disabled (expected: Builder.imaps(true) to use imapsPort())");
        }
        return config.imapsPort();
    }

    /** @throws IllegalStateException if the server was built without {@code submission(true)} */
    public int submissionPort() {
        if (config.submissionPort() == 0) {
            throw new IllegalStateException("submission: disabled (expected: Builder.submission(true))");
        }
        return config.submissionPort();
    }

    /**
     * The POP3 port: plaintext, with {@code STLS} when the server has TLS ({@code imaps(true)}).
     *
     * @throws IllegalStateException if the server was built without {@code pop3(true)}
     */
    public int pop3Port() {
        if (config.pop3Port() == 0) {
            throw new IllegalStateException("pop3: disabled (expected: Builder.pop3(true))");
        }
        return config.pop3Port();
    }

    public boolean imapsEnabled() {
        return config.imapsPort() != 0;
    }

    public String masterUser() {
        return masterUser;
    }

    public String masterPassword() {
        return masterPassword;
    }

    /** The PEM certificate IMAPS presents; trust it to connect. */
    public Path certificatePem() {
        if (config.certificatePem() == null) {
            throw new IllegalStateException("imaps: disabled, so there is no certificate");
        }
        return config.certificatePem();
    }

    /** A client TLS context trusting exactly {@link #certificatePem()}. */
    public SSLContext clientSslContext() throws IOException {
        return SelfSignedPem.clientContextTrusting(certificatePem());
    }

    /**
     * Adds a user while Dovecot runs and returns once Dovecot knows it (up to 5 s: Dovecot
     * re-reads its passwd-file at most once a second). Only new names: a changed password would
     * go unnoticed for up to a second, so declare users on the {@link Builder} where possible.
     *
     * @throws IllegalStateException if the user already exists
     */
    public synchronized DovecotServer addUser(String user, String password) throws IOException {
        PasswdFile.checkUser(user);
        PasswdFile.checkPassword(user, password);
        if (users.containsKey(user) || user.equals(masterUser)) {
            throw new IllegalStateException("user '" + user + "': already exists (expected: a new name)");
        }
        users.put(user, password);
        PasswdFile.write(layout.users(), users, config.accounts());
        try {
            Doveadm.awaitUser(layout.config(), user, USER_RELOAD_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for Dovecot to know user '" + user + "'", e);
        }
        return this;
    }

    public Path workDir() {
        return layout.workDir();
    }

    public Path configFile() {
        return layout.config();
    }

    public Path logFile() {
        return layout.log();
    }

    /**
     * The first line of Dovecot's log that satisfies {@code wanted}, waiting up to {@code timeout} for it:
     * Dovecot writes its log asynchronously, so a line about a login may land after the client saw OK.
     * A bounded poll of an external process's output, not a timed assertion.
     *
     * @throws AssertionError naming what was awaited if no such line appears in time
     */
    public String awaitLogLine(java.util.function.Predicate<String> wanted, java.time.Duration timeout)
            throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (String line : log().split("\n")) {
                if (wanted.test(line)) {
                    return line;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no matching line in Dovecot's log within " + timeout + "; log tail:\n"
                        + tail(log(), 20));
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for Dovecot's log", e);
            }
        }
    }

    private static String tail(String text, int lines) {
        String[] all = text.split("\n");
        return String.join("\n", java.util.Arrays.asList(all).subList(Math.max(0, all.length - lines), all.length));
    }

    /** Dovecot's log so far (it never contains passwords: {@code auth_verbose_passwords} is off). */
    public String log() throws IOException {
        return Files.exists(layout.log()) ? Files.readString(layout.log()) : "";
    }

    /** The Maildir of {@code user}, created by Dovecot at first login. */
    public Path mailDir(String user) {
        PasswdFile.checkUser(user);
        return layout.mailRoot().resolve(user);
    }

    /** The master process and its current children, for tests of this fixture. */
    List<ProcessHandle> processes() {
        return process.processes();
    }

    /** Stops Dovecot and every process it started. */
    @Override
    public void close() {
        process.stop();
        if (layout.privateBaseDir()) {
            WorkDirs.deleteRecursively(layout.baseDir());
        }
    }

    /** Collects users, the master user, TLS material and timeouts, then starts the server. */
    public static final class Builder {

        private static final int PORT_ATTEMPTS = 3;
        private static final String PORT_IN_USE = "Address already in use";

        private final Path workDir;
        private final Map<String, String> users = new LinkedHashMap<>();
        private String masterUser = DEFAULT_MASTER_USER;
        private String masterPassword = PasswdFile.randomPassword();
        private boolean imaps = true;
        private Path certificatePem;
        private Path privateKeyPem;
        private Duration startupTimeout = Duration.ofSeconds(20);
        private Duration authFailureDelay = Duration.ZERO;
        private boolean authPenalty;
        private boolean submission;
        private int submissionRelayPort;
        private boolean pop3;
        private String oauth2Introspection;

        private Builder(Path workDir) {
            this.workDir = Objects.requireNonNull(workDir, "workDir");
        }

        public Builder user(String user, String password) {
            PasswdFile.checkUser(user);
            PasswdFile.checkPassword(user, password);
            users.put(user, password);
            return this;
        }

        /** The master user; by default {@value #DEFAULT_MASTER_USER} with a random password. */
        public Builder masterUser(String user, String password) {
            PasswdFile.checkUser(user);
            PasswdFile.checkPassword(user, password);
            masterUser = user;
            masterPassword = password;
            return this;
        }

        /** Whether to listen for implicit TLS too (default: yes). Without it, {@code ssl = no}. */
        public Builder imaps(boolean enabled) {
            imaps = enabled;
            return this;
        }

        /** Uses the caller's PEM certificate and key instead of generating a self-signed pair. */
        public Builder certificate(Path certificatePem, Path privateKeyPem) {
            this.certificatePem = Objects.requireNonNull(certificatePem, "certificatePem").toAbsolutePath();
            this.privateKeyPem = Objects.requireNonNull(privateKeyPem, "privateKeyPem").toAbsolutePath();
            return this;
        }

        /** How long to wait for the IMAP greeting (default: 20 s). */
        public Builder startupTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("startupTimeout: " + timeout + " (expected: positive)");
            }
            startupTimeout = timeout;
            return this;
        }

        /** Dovecot's {@code auth_failure_delay} (default here: 0; Dovecot's own default is 2 s). */
        public Builder authFailureDelay(Duration delay) {
            if (delay.isNegative()) {
                throw new IllegalArgumentException("authFailureDelay: " + delay + " (expected: zero or positive)");
            }
            authFailureDelay = delay;
            return this;
        }

        /**
         * Whether Dovecot delays further logins from an IP address after failed ones (2 s,
         * doubling up to 15 s). Off by default, so tests that fail a login on purpose do not
         * slow down the tests after them; Dovecot's own default is on.
         */
        public Builder authPenalty(boolean enabled) {
            authPenalty = enabled;
            return this;
        }

        /**
         * Whether to serve submission (SMTP with AUTH; Debian's {@code dovecot-submissiond}) on a
         * loopback port too. Mail it accepts goes to a relay that is not there: for logins only.
         */
        public Builder submission(boolean enabled) {
            submission = enabled;
            return this;
        }

        /**
         * Serves submission (as {@link #submission}) relaying what it accepts to the SMTP server on
         * loopback {@code port} (without authentication), so that it can be delivered and looked at.
         */
        public Builder submissionRelay(int port) {
            submission = true;
            submissionRelayPort = port;
            return this;
        }

        /**
         * Whether to serve POP3 (Debian's {@code dovecot-pop3d}) on a loopback port too, for the
         * same users and master user and the same Maildir as IMAP; it offers {@code STLS} with
         * the IMAPS certificate when {@code imaps(true)}.
         */
        public Builder pop3(boolean enabled) {
            pop3 = enabled;
            return this;
        }

        /**
         * Adds an {@code oauth2} passdb for XOAUTH2 and OAUTHBEARER that asks {@code url} (an
         * RFC 7662 introspection endpoint, client credentials in the URL) about every token; the
         * token's {@code sub} is the user, who must also be a {@link #user}.
         */
        public Builder oauth2Introspection(String url) {
            oauth2Introspection = Objects.requireNonNull(url, "url");
            return this;
        }

        /**
         * Writes the configuration and starts Dovecot, retrying with fresh ports when one was
         * taken in the meantime.
         *
         * @throws IllegalStateException if Dovecot is not installed, exits, or does not greet
         *     in time; the message ends with the tail of its log
         */
        public DovecotServer start() throws IOException {
            if (!isInstalled()) {
                throw new IllegalStateException(NOT_INSTALLED);
            }
            if (submission && !Files.isExecutable(SUBMISSION_BINARY)) {
                throw new IllegalStateException(SUBMISSION_NOT_INSTALLED);
            }
            if (pop3 && !Files.isExecutable(POP3_BINARY)) {
                throw new IllegalStateException(POP3_NOT_INSTALLED);
            }
            DovecotLayout layout = DovecotLayout.in(workDir);
            DovecotAccounts accounts = WorkDirs.prepare(layout);
            users.forEach(TestSecrets::registerPassword);
            TestSecrets.registerPassword(masterUser, masterPassword);
            PasswdFile.write(layout.users(), users, accounts);
            PasswdFile.write(layout.masterUsers(), Map.of(masterUser, masterPassword), accounts);
            Path cert = certificatePem;
            Path key = privateKeyPem;
            if (imaps && cert == null) {
                cert = layout.certificatePem();
                key = layout.privateKeyPem();
                Files.createDirectories(cert.getParent());
                SelfSignedPem.generate(cert, key);
            }
            for (int attempt = 1; ; attempt++) {
                int[] ports = freePorts();
                DovecotConfig config = new DovecotConfig(layout, accounts, ports[0],
                        imaps ? ports[1] : 0, imaps ? cert : null, imaps ? key : null, authFailureDelay, authPenalty,
                        submission ? ports[2] : 0, oauth2Introspection, pop3 ? ports[3] : 0,
                        submissionRelayPort);
                Files.writeString(layout.config(), config.render());
                if (oauth2Introspection != null) {
                    Files.writeString(layout.workDir().resolve("oauth2.conf.ext"), config.renderOauth2());
                }
                StartupDiagnostics diagnostics = StartupDiagnostics.mark(layout);
                DovecotProcess process = DovecotProcess.launch(DOVECOT_BINARY, layout.config(), layout.console());
                DovecotProcess.Readiness readiness = awaitGreeting(process, config.imapPort());
                if (readiness == DovecotProcess.Readiness.READY) {
                    return new DovecotServer(layout, config, process, masterUser, masterPassword,
                            new LinkedHashMap<>(users));
                }
                process.stop();
                String tail = diagnostics.tail();
                if (readiness == DovecotProcess.Readiness.EXITED && tail.contains(PORT_IN_USE)
                        && attempt < PORT_ATTEMPTS) {
                    continue;
                }
                throw new IllegalStateException(diagnostics.describe(readiness, config.imapPort(), startupTimeout, tail));
            }
        }

        private DovecotProcess.Readiness awaitGreeting(DovecotProcess process, int port) throws IOException {
            try {
                return process.awaitGreeting(port, startupTimeout);
            } catch (InterruptedException e) {
                process.stop();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for Dovecot on port " + port, e);
            }
        }

        /**
         * Distinct free loopback ports for IMAP, IMAPS, submission and POP3; all are held open
         * while choosing so they differ.
         */
        private static int[] freePorts() throws IOException {
            ServerSocket[] sockets = new ServerSocket[4];
            try {
                int[] ports = new int[sockets.length];
                for (int i = 0; i < sockets.length; i++) {
                    sockets[i] = new ServerSocket();
                    sockets[i].bind(new InetSocketAddress(DovecotConfig.LOOPBACK, 0));
                    ports[i] = sockets[i].getLocalPort();
                }
                return ports;
            } finally {
                for (ServerSocket socket : sockets) {
                    if (socket != null) {
                        socket.close();
                    }
                }
            }
        }
    }
}
