package dev.postern.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.core.tls.PemFiles;
import dev.postern.server.demo.Demo;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar postern.jar demo} as a user runs it: it stops like {@code serve} on SIGTERM and
 * SIGINT (the stopping lines, exit 0), removes its temporary folder (private key, store) on every
 * exit, a failed start included, keeps a folder given with {@code --folder}, prints its
 * certificate's fingerprint, keeps the embedded upstream's stack traces out of its output, and runs
 * only with postern-demo-upstream.jar next to postern.jar, which itself carries no test mail server.
 * A reader of the audit log that stops reading holds up no login, and loses no line.
 */
class ShippedDemoIT {

    private static final Path JAR = Path.of("target", "postern.jar");
    private static final Path UPSTREAM_JAR = Path.of("target", "postern-demo-upstream.jar");
    private static final String READY = "Press Ctrl-C to stop.";
    /** Logins against a stalled audit reader: about 1.6 times what a 64 KiB pipe holds of their lines. */
    private static final int STALLED_AUDIT_LOGINS = 400;
    private static final List<String> FREE_PORTS = List.of("--imap-port=0", "--imaps-port=0", "--smtp-port=0",
            "--smtps-port=0", "--pop3-port=0", "--pop3s-port=0", "--admin-port=0");

    @TempDir
    Path dir;

    @Test
    void shouldStopOnSigtermWithTheStoppingLinesExitZeroAndRemoveItsTemporaryFolder() throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        try (Child demo = Child.start(JAR, tmp, FREE_PORTS)) {
            demo.awaitReady();
            Path folder = demo.folder();
            assertThat(folder).startsWith(tmp).exists();
            assertThat(folder.resolve("private-key.pem")).exists();

            demo.process.destroy(); // SIGTERM

            assertThat(demo.awaitExit()).as("exit code; output:\n%s", demo.output()).isZero();
            assertStoppedLikeServe(demo);
            assertThat(folder).as("the demo's temporary folder").doesNotExist();
            assertThat(demoFolders(tmp)).isEmpty();
        }
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void shouldStopOnSigintLikeServeAndRemoveItsTemporaryFolder() throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        try (Child demo = Child.start(JAR, tmp, FREE_PORTS)) {
            demo.awaitReady();
            Path folder = demo.folder();

            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(demo.process.pid())).inheritIO().start();
            assertThat(kill.waitFor()).isZero();

            assertThat(demo.awaitExit()).as("exit code; output:\n%s", demo.output()).isZero();
            assertStoppedLikeServe(demo);
            assertThat(folder).doesNotExist();
            assertThat(demoFolders(tmp)).isEmpty();
        }
    }

    @Test
    void shouldLeaveNoFolderBehindWhenTheStartFails() throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        try (ServerSocket held = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<String> arguments = new ArrayList<>(FREE_PORTS);
            arguments.set(1, "--imaps-port=" + held.getLocalPort());
            try (Child demo = Child.start(JAR, tmp, arguments)) {
                assertThat(demo.awaitExit()).as("exit code; output:\n%s", demo.output()).isNotZero();
                assertThat(demo.output()).doesNotContain(READY);
            }
        }
        assertThat(demoFolders(tmp)).as("postern-demo-* left in %s", tmp).isEmpty();
    }

    @Test
    void shouldKeepTheFolderGivenWithFolderAndPrintTheCertificateFingerprint() throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path folder = dir.resolve("kept");
        List<String> arguments = new ArrayList<>(FREE_PORTS);
        arguments.add("--folder=" + folder);
        try (Child demo = Child.start(JAR, tmp, arguments)) {
            demo.awaitReady();
            String printed = demo.find(Pattern.compile("certificate SHA-256: (\\S+)"));
            X509Certificate certificate = PemFiles.readCertificates(folder.resolve("certificate.pem")).get(0);
            String expected = HexFormat.ofDelimiter(":").withUpperCase()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
            assertThat(printed).isEqualTo(expected).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");

            demo.process.destroy();
            assertThat(demo.awaitExit()).as("exit code; output:\n%s", demo.output()).isZero();
        }
        assertThat(folder.resolve("postern.db")).exists();
        assertThat(folder.resolve("private-key.pem")).exists();
        assertThat(demoFolders(tmp)).isEmpty();
    }

    @Test
    void shouldKeepTheUpstreamsStackTracesOutOfTheOutputWhenAClientDropsAnIdleSession() throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path folder = dir.resolve("idle");
        List<String> arguments = new ArrayList<>(FREE_PORTS);
        arguments.add("--folder=" + folder);
        try (Child demo = Child.start(JAR, tmp, arguments)) {
            demo.awaitReady();
            int imaps = Integer.parseInt(demo.find(Pattern.compile("IMAP, implicit TLS:\\s+localhost:(\\d+)")));
            String password = demo.find(Pattern.compile("app password:\\s+(\\S+)"));
            for (int i = 0; i < 2; i++) {
                idleAndDrop(folder.resolve("certificate.pem"), imaps, password);
            }
            // the upstream notices the dropped session once Postern closes its side; give it a moment
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            while (System.nanoTime() < deadline && !demo.output().contains("Exception")) {
                Thread.sleep(100);
            }
            demo.process.destroy();
            int exit = demo.awaitExit();
            assertThat(demo.output()).as("demo output")
                    .doesNotContain("Exception", "End of stream", "\tat com.icegreen");
            assertThat(exit).isZero();
        }
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void shouldServeLoginsWhileTheAuditLogsReaderStopsReadingAndLoseNoLine() throws Exception {
        // given: the audit log goes into a pipe (a FIFO) whose reader opened it and then reads nothing
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path folder = dir.resolve("stalled-audit");
        Path fifo = dir.resolve("audit.fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor()).isZero();
        CompletableFuture<InputStream> reader = CompletableFuture.supplyAsync(() -> openForReading(fifo));
        List<String> arguments = new ArrayList<>(FREE_PORTS);
        arguments.add("--folder=" + folder);
        try (Child demo = Child.start(JAR, tmp, arguments, Map.of("POSTERN_AUDIT_LOG", fifo.toString()))) {
            demo.awaitReady();
            InputStream audit = reader.get(60, TimeUnit.SECONDS);
            int imaps = Integer.parseInt(demo.find(Pattern.compile("IMAP, implicit TLS:\\s+localhost:(\\d+)")));
            String password = demo.find(Pattern.compile("app password:\\s+(\\S+)"));
            SSLContext tls = trusting(folder.resolve("certificate.pem"));

            // when: more logins than the pipe has room for audit lines (a line is about 260 bytes, a pipe 64 KiB)
            for (int i = 0; i < STALLED_AUDIT_LOGINS; i++) {
                // from 127.0.0.2, .3, ...: 50 connections each, within the per-source limit of 60 a minute
                InetAddress source = InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (2 + i / 50)});
                loginAndLogout(tls, imaps, source, password); // an event loop held up by the pipe would time this out
            }

            // then: every one was served, and every line reaches the reader once it reads, the last ones at the exit
            CompletableFuture<List<String>> lines = CompletableFuture.supplyAsync(() -> loginLines(audit));
            demo.process.destroy();
            assertThat(demo.awaitExit()).as("exit code; output:\n%s", demo.output()).isZero();
            assertThat(lines.get(30, TimeUnit.SECONDS)).hasSize(STALLED_AUDIT_LOGINS)
                    .allMatch(line -> line.contains("\"outcome\":\"success\""));
        }
    }

    @Test
    void shouldShipTheTestMailServerOnlyInTheSideJar() throws IOException {
        assertThat(entries(JAR)).as("postern.jar")
                .noneMatch(name -> name.startsWith("com/icegreen/") || name.startsWith("jakarta/mail/")
                        || name.startsWith("org/eclipse/angus/") || name.startsWith("junit/")
                        || name.startsWith("dev/postern/server/demo/upstream/"))
                .contains("dev/postern/server/demo/EmbeddedUpstream.class");
        assertThat(entries(UPSTREAM_JAR)).as("postern-demo-upstream.jar")
                .contains("com/icegreen/greenmail/util/GreenMail.class",
                        "dev/postern/server/demo/upstream/DemoUpstream.class",
                        "META-INF/services/dev.postern.server.demo.EmbeddedUpstream$Provider")
                .noneMatch(name -> name.startsWith("org/slf4j/") || name.startsWith("io/netty/")
                        || name.startsWith("dev/postern/core/"));
    }

    @Test
    void shouldNameTheMissingJarWhenPosternJarRunsTheDemoAlone() throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path alone = Files.copy(JAR, Files.createDirectories(dir.resolve("opt")).resolve("postern.jar"),
                StandardCopyOption.COPY_ATTRIBUTES);
        try (Child demo = Child.start(alone, tmp, FREE_PORTS)) {
            assertThat(demo.awaitExit()).as("exit code; output:\n%s", demo.output()).isEqualTo(2);
            assertThat(demo.output()).contains("postern-demo-upstream.jar").doesNotContain(READY)
                    .doesNotContain("\tat ");
        }
        assertThat(demoFolders(tmp)).isEmpty();
    }

    private static void assertStoppedLikeServe(Child demo) {
        assertThat(demo.output()).as("demo output")
                .contains("stopping: listeners closed, 0 connection(s) open; relayed sessions may finish")
                .contains("Postern stopped");
    }

    /** An IMAPS session through Postern that enters IDLE and then goes away without DONE or LOGOUT. */
    private static void idleAndDrop(Path certificate, int port, String password) throws Exception {
        try (SSLSocket socket = (SSLSocket) trusting(certificate).getSocketFactory().createSocket("localhost", port)) {
            BufferedReader in = logIn(socket, password);
            send(socket.getOutputStream(), "b SELECT INBOX");
            awaitTagged(in, "b OK");
            send(socket.getOutputStream(), "c IDLE");
            assertThat(in.readLine()).startsWith("+");
        }
    }

    /** IMAPS LOGIN and LOGOUT through Postern from {@code source}. */
    private static void loginAndLogout(SSLContext tls, int port, InetAddress source, String password) throws Exception {
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("localhost", port, source, 0)) {
            BufferedReader in = logIn(socket, password);
            send(socket.getOutputStream(), "b LOGOUT");
            awaitTagged(in, "b OK");
        }
    }

    /** Reads the greeting and logs in as the demo's user (tag {@code a}), each answer within 20 s. */
    private static BufferedReader logIn(SSLSocket socket, String password) throws IOException {
        socket.setSoTimeout(20_000);
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        assertThat(in.readLine()).startsWith("* OK");
        send(socket.getOutputStream(), "a LOGIN " + Demo.USER + " " + password);
        awaitTagged(in, "a OK");
        return in;
    }

    private static InputStream openForReading(Path fifo) {
        try {
            return Files.newInputStream(fifo); // returns once the writer has opened its end
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The audit log's login lines, read until the writer closes it. */
    private static List<String> loginLines(InputStream audit) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(audit, StandardCharsets.UTF_8))) {
            return in.lines().filter(line -> line.contains("\"event\":\"login\"")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void send(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static void awaitTagged(BufferedReader in, String expected) throws IOException {
        for (String line; (line = in.readLine()) != null; ) {
            if (line.startsWith(expected.substring(0, 2))) {
                assertThat(line).startsWith(expected);
                return;
            }
        }
        throw new AssertionError("connection closed before " + expected);
    }

    private static SSLContext trusting(Path pem) throws Exception {
        KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
        anchors.load(null, null);
        anchors.setCertificateEntry("demo", PemFiles.readCertificates(pem).get(0));
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(anchors);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    private static List<String> demoFolders(Path tmp) throws IOException {
        try (Stream<Path> children = Files.list(tmp)) {
            return children.map(path -> path.getFileName().toString()).filter(name -> name.startsWith("postern-demo-"))
                    .toList();
        }
    }

    private static List<String> entries(Path jar) throws IOException {
        assertThat(jar).as("built in the package phase, before the integration tests").exists();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.stream().map(entry -> entry.getName()).toList();
        }
    }

    /** {@code java -Djava.io.tmpdir=TMP -jar JAR demo ARGS}, its output (both streams) in a file. */
    private static final class Child implements AutoCloseable {
        private static final Pattern FOLDER = Pattern.compile("files in (\\S+?)[,)]");

        final Process process;
        private final Path log;

        private Child(Process process, Path log) {
            this.process = process;
            this.log = log;
        }

        /**
         * The output goes to a file, not a pipe: {@link Process#destroy()} closes this side's pipes at
         * once, and what the demo prints while it stops would be lost.
         */
        static Child start(Path jar, Path tmp, List<String> arguments) throws IOException {
            return start(jar, tmp, arguments, Map.of());
        }

        static Child start(Path jar, Path tmp, List<String> arguments, Map<String, String> environment)
                throws IOException {
            assertThat(jar).as("postern.jar is built in the package phase, before the integration tests").exists();
            List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                    "-Xmx256m", "-Djava.io.tmpdir=" + tmp, "-jar", jar.toString(), "demo"));
            command.addAll(arguments);
            Path log = Files.createTempFile(tmp.getParent(), "demo-output-", ".txt");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            return new Child(builder.start(), log);
        }

        String output() {
            try {
                return Files.readString(log, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void awaitReady() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!output().contains(READY)) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    throw new AssertionError("demo not ready; it printed:\n" + output());
                }
                Thread.sleep(50);
            }
        }

        String find(Pattern pattern) {
            Matcher matcher = pattern.matcher(output());
            assertThat(matcher.find()).as("%s in:\n%s", pattern, output()).isTrue();
            return matcher.group(1);
        }

        Path folder() {
            return Path.of(find(FOLDER));
        }

        int awaitExit() throws InterruptedException {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError("demo still running; it printed:\n" + output());
            }
            return process.exitValue();
        }

        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
