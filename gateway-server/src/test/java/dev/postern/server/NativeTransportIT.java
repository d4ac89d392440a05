package dev.postern.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.core.tls.PemFiles;
import dev.postern.server.demo.Demo;
import jakarta.mail.Folder;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped {@code postern.jar}, started as its own process: on Linux x86-64 and aarch64 it runs
 * on epoll and BoringSSL by default; where the native libraries cannot load it falls back to NIO
 * and the JDK's TLS by itself, says why in the start-up log, and still serves a mail client.
 */
class NativeTransportIT {

    private static final Path JAR = Path.of("target", "postern.jar");
    private static final Pattern IMAPS = Pattern.compile("imap implicit listening on [^:]+:(\\d+)");
    private static final Pattern TRANSPORT = Pattern.compile("Gateway: (transport .*)$");
    private static final Pattern APP_PASSWORD = Pattern.compile("app password:\\s+(\\S+)");

    @TempDir
    Path dir;

    @Test
    @EnabledOnOs(value = OS.LINUX, architectures = {"amd64", "aarch64"})
    void shouldRunOnEpollAndBoringSslByDefault() throws Exception {
        try (DemoProcess demo = DemoProcess.start(dir)) {
            assertThat(demo.transportLine).isEqualTo("transport epoll, TLS openssl (BoringSSL)");
            assertThat(readInbox(demo)).isEqualTo(1);
        }
    }

    @Test
    void shouldFallBackToNioAndTheJdkWhenTheNativeLibrariesDoNotLoad() throws Exception {
        // Netty's own switches make the native libraries fail to load, as on a platform without them
        try (DemoProcess demo = DemoProcess.start(dir, "-Dio.netty.transport.noNative=true",
                "-Dio.netty.handler.ssl.noOpenSsl=true")) {
            assertThat(demo.transportLine)
                    .startsWith("transport nio (epoll unavailable: ")
                    .contains("noNative")
                    .contains(", TLS jdk (openssl unavailable: ");
            assertThat(readInbox(demo)).isEqualTo(1);
        }
    }

    /** Logs in with the printed app password over IMAPS and counts the seeded messages. */
    private static int readInbox(DemoProcess demo) throws Exception {
        Properties props = new Properties();
        props.put("mail.imaps.ssl.socketFactory", trusting(demo.folder.resolve("certificate.pem")).getSocketFactory());
        props.put("mail.imaps.ssl.checkserveridentity", "true");
        props.put("mail.imaps.connectiontimeout", "10000");
        props.put("mail.imaps.timeout", "20000");
        Store store = Session.getInstance(props).getStore("imaps");
        store.connect("localhost", demo.imapsPort, Demo.USER, demo.appPassword);
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            int count = inbox.getMessageCount();
            inbox.close(false);
            return count;
        } finally {
            store.close();
        }
    }

    private static SSLContext trusting(Path pem) throws Exception {
        KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
        anchors.load(null, null);
        List<X509Certificate> certificates = PemFiles.readCertificates(pem);
        for (int i = 0; i < certificates.size(); i++) {
            anchors.setCertificateEntry("c" + i, certificates.get(i));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(anchors);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    /** {@code java [options] -jar target/postern.jar demo} on free ports, read until it is ready. */
    private static final class DemoProcess implements AutoCloseable {
        final Process process;
        final Path folder;
        final List<String> output = new ArrayList<>();
        String transportLine;
        int imapsPort;
        String appPassword;

        private DemoProcess(Process process, Path folder) {
            this.process = process;
            this.folder = folder;
        }

        static DemoProcess start(Path dir, String... jvmOptions) throws IOException, InterruptedException {
            assertThat(JAR).as("postern.jar is built in the package phase, before the integration tests").exists();
            Path folder = Files.createDirectories(dir.resolve("demo"));
            List<String> command = new ArrayList<>();
            command.add(ProcessHandle.current().info().command().orElse("java"));
            command.add("-Xmx256m");
            command.addAll(List.of(jvmOptions));
            command.addAll(List.of("-jar", JAR.toString(), "demo", "--folder=" + folder,
                    "--imap-port=0", "--imaps-port=0", "--smtp-port=0", "--smtps-port=0", "--pop3-port=0", "--pop3s-port=0", "--admin-port=0"));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            DemoProcess demo = new DemoProcess(process, folder);
            try {
                demo.awaitReady();
            } catch (AssertionError | RuntimeException | IOException | InterruptedException e) {
                demo.close();
                throw e;
            }
            return demo;
        }

        private void awaitReady() throws IOException, InterruptedException {
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        lines.add(line);
                    }
                } catch (IOException closed) {
                    // the process ended
                }
            }, "demo-output");
            reader.setDaemon(true);
            reader.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!output.contains("Press Ctrl-C to stop.")) {
                String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null) {
                    throw new AssertionError("demo not ready within 60 s; it printed:\n" + String.join("\n", output));
                }
                output.add(line);
                find(TRANSPORT, line).ifPresent(found -> transportLine = found);
                find(IMAPS, line).ifPresent(found -> imapsPort = Integer.parseInt(found));
                find(APP_PASSWORD, line).ifPresent(found -> appPassword = found);
            }
            assertThat(transportLine).as("start-up line naming the transport in:\n%s", String.join("\n", output)).isNotNull();
            assertThat(imapsPort).as("IMAPS port in:\n%s", String.join("\n", output)).isPositive();
            assertThat(appPassword).as("app password printed").isNotNull();
        }

        private static java.util.Optional<String> find(Pattern pattern, String line) {
            Matcher matcher = pattern.matcher(line);
            return matcher.find() ? java.util.Optional.of(matcher.group(1)) : java.util.Optional.empty();
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
