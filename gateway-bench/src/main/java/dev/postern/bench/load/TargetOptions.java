package dev.postern.bench.load;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where and how to reach one server: for the single-target scenario commands. */
final class TargetOptions {

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Server host (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--imap-port", defaultValue = "993", description = "IMAP port (default: ${DEFAULT-VALUE}).")
    int imapPort;

    @Option(names = "--smtp-port", defaultValue = "465", description = "SMTP submission port (default: ${DEFAULT-VALUE}).")
    int smtpPort;

    @Option(names = "--tls", defaultValue = "implicit", description = "implicit, starttls or none (default: ${DEFAULT-VALUE}).")
    String tls;

    @Option(names = "--trust", description = "PEM file with the certificate(s) to trust.")
    Path trust;

    @Option(names = "--insecure", description = "Trust any certificate (the default when --trust is absent).")
    boolean insecure;

    @Option(names = "--user", defaultValue = "bench@localhost",
            description = "Account; with %%d, client i logs in as the pattern with i mod --user-count (default: ${DEFAULT-VALUE}).")
    String user;

    @Option(names = "--user-count", defaultValue = "1", description = "How many accounts --user's %%d stands for (default: ${DEFAULT-VALUE}).")
    int userCount;

    @Option(names = "--password", description = "Password (visible to ps; prefer --password-file).")
    String password;

    @Option(names = "--password-file", description = "File whose first line is the password.")
    Path passwordFile;

    @Option(names = "--mechanism", defaultValue = "login", description = "login or plain (default: ${DEFAULT-VALUE}).")
    String mechanism;

    @Option(names = "--pid", defaultValue = "0", description = "Server process id, for idle's heap and RSS figures.")
    long pid;

    @Option(names = "--label", defaultValue = "target", description = "Name of the target in the output (default: ${DEFAULT-VALUE}).")
    String label;

    Target toTarget() {
        TlsMode mode = TlsMode.valueOf(tls.trim().toUpperCase(java.util.Locale.ROOT));
        return new Target(label, host, imapPort, smtpPort, mode, mode == TlsMode.NONE ? null : ClientTls.context(trust),
                Secrets.users(user, userCount), Secrets.password(password, passwordFile, "--password"),
                Mechanism.valueOf(mechanism.trim().toUpperCase(java.util.Locale.ROOT)), pid);
    }
}
