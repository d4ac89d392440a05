package dev.postern.server.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code java -jar target/postern.jar serve --config FILE} as its own process: its output (the human log) copied
 * line by line into a file of the test-log folder, so that the log-leak scan reads it; its audit log in a file of
 * its own ({@code POSTERN_AUDIT_LOG}); the ports it bound read from its start-up lines.
 */
final class GatewayProcess implements AutoCloseable {

    static final Path JAR = Path.of("target", "postern.jar");
    private static final Pattern LISTENING = Pattern.compile(" (imap|smtp|pop3|admin) (?:none|http) listening on [^ ]+:(\\d+)$");
    private static final String STARTED = "Postern started: ";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final String name;
    private final Process process;
    private final Path auditLog;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> output = new ArrayList<>();
    private final Map<String, Integer> ports = new HashMap<>();

    private GatewayProcess(String name, Process process, Path auditLog) {
        this.name = name;
        this.process = process;
        this.auditLog = auditLog;
    }

    /** Starts the process and returns at once; {@link #awaitStarted()} waits for its listeners. */
    static GatewayProcess launch(String name, Path config, Path logFolder) throws IOException {
        assertThat(JAR).as("postern.jar is built in the package phase, before the integration tests").exists();
        Files.createDirectories(logFolder);
        Path auditLog = logFolder.resolve("BalancerIT-" + name + "-audit.log");
        Path humanLog = logFolder.resolve("BalancerIT-" + name + ".log");
        Files.deleteIfExists(auditLog);
        ProcessBuilder builder = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Xmx256m",
                "-jar", JAR.toString(), "serve", "--config", config.toString()).redirectErrorStream(true);
        builder.environment().put("POSTERN_AUDIT_LOG", auditLog.toAbsolutePath().toString());
        GatewayProcess gateway = new GatewayProcess(name, builder.start(), auditLog);
        gateway.copyOutputTo(humanLog);
        return gateway;
    }

    private void copyOutputTo(Path file) throws IOException {
        BufferedWriter log = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (log; BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    log.write(line);
                    log.newLine();
                    log.flush();
                    lines.add(line);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(name + ": output", e);
            }
        }, name + "-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Waits for the start-up line that follows the listeners'; fails with what the process printed. */
    GatewayProcess awaitStarted() throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (output.stream().noneMatch(line -> line.contains(STARTED))) {
            String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new AssertionError(name + " not started within " + START_TIMEOUT + (process.isAlive() ? ""
                        : " (exit " + process.exitValue() + ")") + "; it printed:\n" + String.join("\n", output));
            }
            output.add(line);
            Matcher listening = LISTENING.matcher(line);
            if (listening.find()) {
                ports.put(listening.group(1), Integer.parseInt(listening.group(2)));
            }
        }
        assertThat(ports).as("%s's listeners in:\n%s", name, String.join("\n", output))
                .containsKeys("imap", "smtp", "pop3", "admin");
        return this;
    }

    String name() {
        return name;
    }

    /** The port of its listener for {@code protocol} ({@code imap}, {@code smtp}, {@code pop3}; one each). */
    int port(String protocol) {
        return ports.get(protocol);
    }

    int adminPort() {
        return ports.get("admin");
    }

    /** The audit lines written so far (JSON, one per line). */
    List<String> auditLines() throws IOException {
        return Files.exists(auditLog) ? Files.readAllLines(auditLog, StandardCharsets.UTF_8) : List.of();
    }

    /** SIGKILL, as a crash or the kernel's OOM killer ends it: no shutdown hook, no goodbye to anyone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).as(name + " gone after SIGKILL").isTrue();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM, then SIGKILL if it has not ended within 20 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
