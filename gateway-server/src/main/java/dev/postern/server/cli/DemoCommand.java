package dev.postern.server.cli;

import dev.postern.core.ingress.ListenException;
import dev.postern.server.demo.Demo;
import dev.postern.server.demo.EmbeddedUpstream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code postern demo}: everything embedded, on loopback, with a printed app password. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run a self-contained demo on loopback: embedded upstream mailbox, self-signed certificate, "
                + "SQLite store in a temporary folder (removed when the demo stops, unless --folder is given), and an app "
                + "password to log in with. Ctrl-C or SIGTERM stops it.")
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

    @Option(names = "--pop3-port", defaultValue = "1110", description = "POP3 STLS port (default: ${DEFAULT-VALUE}).")
    int pop3Port;

    @Option(names = "--pop3s-port", defaultValue = "1995", description = "POP3 implicit-TLS port (default: ${DEFAULT-VALUE}).")
    int pop3sPort;

    @Option(names = "--admin-port", defaultValue = "9142", description = "Admin HTTP port: metrics, health (default: ${DEFAULT-VALUE}).")
    int adminPort;

    @Option(names = "--folder", paramLabel = "DIR", description = "Where to keep the demo's files; kept when the demo stops "
            + "(default: a new temporary folder, removed when the demo stops).")
    Path folder;

    DemoCommand(CliIo io) {
        this.io = io;
    }

    @Override
    public Integer call() throws Exception {
        boolean temporary = folder == null;
        Path dir = temporary ? Files.createTempDirectory("postern-demo-") : folder;
        Demo demo;
        try {
            demo = startOrExplain(dir);
        } catch (EmbeddedUpstream.Missing missing) {
            removeIfTemporary(dir, temporary);
            io.err().println("postern demo: " + missing.getMessage());
            return ExitCodes.USAGE;
        } catch (RuntimeException | Error failed) {
            // A failed start (a port in use, ...) leaves no private key or store behind either.
            removeIfTemporary(dir, temporary);
            throw failed;
        }
        // As serve: with TERM and INT handled here the JVM does not exit on them by itself; the main
        // thread stops the gateway (the same stopping lines), removes the temporary folder and
        // returns 0. The hook covers platforms without signal handling and any other exit.
        CountDownLatch stopRequested = new CountDownLatch(1);
        boolean handled = Signals.on("TERM", stopRequested::countDown) & Signals.on("INT", stopRequested::countDown);
        Runnable stop = once(() -> {
            try {
                demo.shutdown();
            } finally {
                removeIfTemporary(dir, temporary);
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopRequested.countDown();
            stop.run();
            LogShutdown.run(); // an exit that did not come back through Main
        }, "postern-demo-shutdown"));
        if (!handled) {
            io.err().println("postern: SIGTERM handling unavailable; relying on the JVM shutdown hook");
        }
        printHowToConnect(demo, temporary);
        stopRequested.await();
        stop.run();
        return ExitCodes.OK;
    }

    /** Starts the demo; a port that cannot be bound is reported with the option that chooses another. */
    private Demo startOrExplain(Path dir) {
        try {
            return Demo.start(dir, new Demo.Ports(imapPort, imapsPort, smtpPort, smtpsPort, pop3Port, pop3sPort, adminPort));
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
        if (port == pop3Port) {
            return "--pop3-port";
        }
        if (port == pop3sPort) {
            return "--pop3s-port";
        }
        return port == adminPort ? "--admin-port" : "port (--imap-port, --imaps-port, --smtp-port, --smtps-port, "
                + "--pop3-port, --pop3s-port, --admin-port)";
    }

    /** Runs {@code action} once; a second caller waits until the first run is over. */
    private static Runnable once(Runnable action) {
        Object lock = new Object();
        boolean[] done = {false};
        return () -> {
            synchronized (lock) {
                if (!done[0]) {
                    done[0] = true;
                    action.run();
                }
            }
        };
    }

    /** Deletes the demo's temporary folder and everything in it (store, WAL and SHM files, key, certificate). */
    private void removeIfTemporary(Path dir, boolean temporary) {
        if (!temporary || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> tree = Files.walk(dir)) {
            for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException | UncheckedIOException e) {
            io.err().println("postern demo: could not remove " + dir + " (" + e.getMessage() + "); delete it by hand: "
                    + "it holds the demo's private key and store");
            io.err().flush();
        }
    }

    private void printHowToConnect(Demo demo, boolean temporary) {
        List<InetSocketAddress> imap = demo.gateway().addresses("imap");
        int starttls = imap.get(0).getPort();
        int implicit = imap.get(1).getPort();
        List<InetSocketAddress> smtp = demo.gateway().addresses("smtp");
        List<InetSocketAddress> pop3 = demo.gateway().addresses("pop3");
        String password = demo.appPassword();
        io.out().printf("""

                Postern demo is running (files in %s%s).

                  IMAP, implicit TLS:  localhost:%d
                  IMAP, STARTTLS:      localhost:%d
                  SMTP, implicit TLS:  localhost:%d
                  SMTP, STARTTLS:      localhost:%d
                  POP3, implicit TLS:  localhost:%d
                  POP3, STLS:          localhost:%d
                  user:                %s
                  app password:        %s   (shown once)
                  certificate SHA-256: %s

                Read the welcome message through Postern (over IMAP, then over POP3):
                  curl --cacert %s --user '%s:%s' 'imaps://localhost:%d/INBOX;UID=1'
                  curl --cacert %s --user '%s:%s' 'pop3s://localhost:%d/1'

                Send a message to yourself through Postern (it lands in the same mailbox):
                  printf 'Subject: hello\\r\\n\\r\\nSent through Postern.\\r\\n' > mail.txt
                  curl --cacert %s --user '%s:%s' --mail-from %s --mail-rcpt %s \\
                       --upload-file mail.txt 'smtps://localhost:%d'

                Or point Thunderbird at localhost:%d (IMAP, SSL/TLS) and localhost:%d (SMTP, SSL/TLS), normal
                password, with the user and app password above, and accept the self-signed certificate once its
                SHA-256 fingerprint matches the one above.

                Press Ctrl-C to stop.
                %n""", demo.folder(), temporary ? ", removed when it stops" : "", implicit, starttls,
                smtp.get(1).getPort(), smtp.get(0).getPort(), pop3.get(1).getPort(), pop3.get(0).getPort(), Demo.USER,
                password, demo.certificateFingerprint(), demo.certificate(), Demo.USER, password, implicit,
                demo.certificate(), Demo.USER, password, pop3.get(1).getPort(), demo.certificate(), Demo.USER, password,
                Demo.USER, Demo.USER, smtp.get(1).getPort(), implicit, smtp.get(1).getPort());
        io.out().flush();
    }
}
