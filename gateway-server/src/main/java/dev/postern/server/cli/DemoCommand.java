package dev.postern.server.cli;

import dev.postern.core.ingress.ListenException;
import dev.postern.server.demo.Demo;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code postern demo}: everything embedded, on loopback, with a printed app password. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run a self-contained demo on loopback: embedded upstream mailbox, self-signed certificate, "
                + "SQLite store in a temporary folder, and an app password to log in with. Ctrl-C stops it.")
public final class DemoCommand implements Callable<Integer> {

    private final CliIo io;

    @Option(names = "--imap-port", defaultValue = "1143", description = "IMAP STARTTLS port (default: ${DEFAULT-VALUE}).")
    int imapPort;

    @Option(names = "--imaps-port", defaultValue = "1993", description = "IMAP implicit-TLS port (default: ${DEFAULT-VALUE}).")
    int imapsPort;

    @Option(names = "--smtp-port", defaultValue = "1587", description = "SMTP submission STARTTLS port (default: ${DEFAULT-VALUE}).")
    int smtpPort;

    @Option(names = "--smtps-port", defaultValue = "1465", description = "SMTP submission implicit-TLS port (default: ${DEFAULT-VALUE}).")
    int smtpsPort;

    @Option(names = "--admin-port", defaultValue = "9142", description = "Admin HTTP port: metrics, health (default: ${DEFAULT-VALUE}).")
    int adminPort;

    @Option(names = "--folder", paramLabel = "DIR", description = "Where to keep the demo's files (default: a new temporary folder).")
    Path folder;

    DemoCommand(CliIo io) {
        this.io = io;
    }

    @Override
    public Integer call() throws Exception {
        Path dir = folder != null ? folder : Files.createTempDirectory("postern-demo-");
        Demo demo = startOrExplain(dir);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            demo.close();
            stopped.countDown();
        }, "postern-demo-shutdown"));
        printHowToConnect(demo);
        stopped.await();
        return ExitCodes.OK;
    }

    /** Starts the demo; a port that cannot be bound is reported with the option that chooses another. */
    private Demo startOrExplain(Path dir) {
        try {
            return Demo.start(dir, imapPort, imapsPort, smtpPort, smtpsPort, adminPort);
        } catch (ListenException e) {
            throw new ListenException(e.getMessage() + "; start the demo with another " + portOption(e.port())
                    + " (0 picks a free port)", e.port(), e);
        }
    }

    private String portOption(int port) {
        if (port == imapPort) {
            return "--imap-port";
        }
        if (port == imapsPort) {
            return "--imaps-port";
        }
        if (port == smtpPort) {
            return "--smtp-port";
        }
        if (port == smtpsPort) {
            return "--smtps-port";
        }
        return port == adminPort ? "--admin-port" : "port (--imap-port, --imaps-port, --smtp-port, --smtps-port, "
                + "--admin-port)";
    }

    private void printHowToConnect(Demo demo) {
        List<InetSocketAddress> imap = demo.gateway().imapAddresses();
        int starttls = imap.get(0).getPort();
        int implicit = imap.get(1).getPort();
        List<InetSocketAddress> smtp = demo.gateway().smtpAddresses();
        String password = demo.appPassword();
        io.out().printf("""

                Postern demo is running (files in %s).

                  IMAP, implicit TLS:  localhost:%d
                  IMAP, STARTTLS:      localhost:%d
                  SMTP, implicit TLS:  localhost:%d
                  SMTP, STARTTLS:      localhost:%d
                  user:                %s
                  app password:        %s   (shown once)

                Read the welcome message through Postern:
                  curl --cacert %s --user '%s:%s' 'imaps://localhost:%d/INBOX;UID=1'

                Send a message to yourself through Postern (it lands in the same mailbox):
                  printf 'Subject: hello\\r\\n\\r\\nSent through Postern.\\r\\n' > mail.txt
                  curl --cacert %s --user '%s:%s' --mail-from %s --mail-rcpt %s \\
                       --upload-file mail.txt 'smtps://localhost:%d'

                Or point Thunderbird at localhost:%d (IMAP, SSL/TLS) and localhost:%d (SMTP, SSL/TLS), normal
                password, with the user and app password above, and accept the self-signed certificate.

                Press Ctrl-C to stop.
                %n""", demo.folder(), implicit, starttls, smtp.get(1).getPort(), smtp.get(0).getPort(), Demo.USER,
                password, demo.certificate(), Demo.USER, password, implicit, demo.certificate(), Demo.USER, password,
                Demo.USER, Demo.USER, smtp.get(1).getPort(), implicit, smtp.get(1).getPort());
        io.out().flush();
    }
}
