package dev.postern.bench.load;

import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.postern.core.tls.CertificateFiles;
import dev.postern.core.tls.PemFiles;
import dev.postern.core.tls.PemMaterial;
import dev.postern.core.tls.SelfSignedCertificates;
import jakarta.mail.internet.MimeMessage;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code upstream}: a GreenMail IMAPS + SMTPS server on loopback to benchmark against, with a
 * self-signed certificate for localhost, the benchmark accounts, and a mailbox of N MiB for fetch.
 * Mail to {@code sink@localhost}, the submit scenario's recipient, is dropped every second, so that
 * submitted messages do not pile up in the heap over a long run. Writes {@code upstream.properties}
 * (ports, pid, certificate) into its folder and runs until killed.
 */
@Command(name = "upstream", mixinStandardHelpOptions = true,
        description = "Start a GreenMail IMAPS/SMTPS upstream on loopback with benchmark accounts and a seeded mailbox.")
final class UpstreamCommand implements Callable<Integer> {

    static final String KEYSTORE_PASSWORD = "postern-bench";

    static final String SINK = "sink@localhost";

    @Option(names = "--dir", required = true, description = "Folder for the certificate, keystore and upstream.properties.")
    Path dir;

    @Option(names = "--user", defaultValue = "bench@localhost", description = "Account pattern (%%d for a number).")
    String user;

    @Option(names = "--user-count", defaultValue = "1") int userCount;

    @Option(names = "--extra-user", description = "Further accounts (repeatable), e.g. the cold-login pattern's.")
    java.util.List<String> extraUsers = new java.util.ArrayList<>();

    @Option(names = "--password-file", required = true, description = "File whose first line is every account's password.")
    Path passwordFile;

    @Option(names = "--mailbox-mib", defaultValue = "16", description = "MiB of mail in the first account's INBOX (default: ${DEFAULT-VALUE}).")
    int mailboxMib;

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(dir);
        CertificateFiles certificate = SelfSignedCertificates.builder().names("localhost", "127.0.0.1").writeTo(dir);
        Path keystore = dir.resolve("upstream.p12");
        writeKeystore(PemFiles.read(certificate.certificate(), certificate.privateKey()), keystore);
        System.setProperty("greenmail.tls.keystore.file", keystore.toString());
        System.setProperty("greenmail.tls.keystore.password", KEYSTORE_PASSWORD);

        ServerSetup imaps = new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAPS).dynamicPort();
        ServerSetup smtps = new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS).dynamicPort();
        GreenMail greenMail = new GreenMail(new ServerSetup[] {imaps, smtps});
        greenMail.start();
        String password = Secrets.password(null, passwordFile, "--password-file");
        java.util.List<String> accounts = new java.util.ArrayList<>(Secrets.users(user, userCount));
        accounts.addAll(extraUsers);
        for (String account : accounts) {
            greenMail.setUser(account, account, password);
        }
        MailFolder sinkInbox = greenMail.getManagers().getImapHostManager().getInbox(greenMail.setUser(SINK, SINK, password));
        ScheduledExecutorService sinkPurge = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "upstream-sink-purge");
            thread.setDaemon(true);
            return thread;
        });
        sinkPurge.scheduleWithFixedDelay(sinkInbox::deleteAllMessages, 1, 1, TimeUnit.SECONDS);
        seed(greenMail.setUser(accounts.get(0), accounts.get(0), password), accounts.get(0), mailboxMib, imaps);

        Path properties = dir.resolve("upstream.properties");
        Files.writeString(properties, String.join("\n",
                "imaps.port=" + greenMail.getImaps().getPort(),
                "smtps.port=" + greenMail.getSmtps().getPort(),
                "pid=" + ProcessHandle.current().pid(),
                "certificate=" + certificate.certificate().toAbsolutePath(), ""));
        System.out.printf("upstream: GreenMail IMAPS 127.0.0.1:%d, SMTPS 127.0.0.1:%d, %d accounts, %d MiB in %s's INBOX%n",
                greenMail.getImaps().getPort(), greenMail.getSmtps().getPort(), accounts.size(), mailboxMib, accounts.get(0));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            greenMail.stop();
            stopped.countDown();
        }, "upstream-shutdown"));
        stopped.await();
        return 0;
    }

    /** {@code mib} messages of 1 MiB of text each. */
    private static void seed(GreenMailUser account, String address, int mib, ServerSetup setup) throws Exception {
        String line = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcd\r\n";
        String body = line.repeat(1024 * 1024 / line.length());
        for (int i = 0; i < mib; i++) {
            MimeMessage message = GreenMailUtil.createTextEmail(address, "seed@localhost", "seed " + i, body, setup);
            account.deliver(message);
        }
    }

    private static void writeKeystore(PemMaterial material, Path file) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("greenmail", material.privateKey(), KEYSTORE_PASSWORD.toCharArray(),
                material.certificateChain().toArray(new Certificate[0]));
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, KEYSTORE_PASSWORD.toCharArray());
        }
    }
}
