package dev.postern.core.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * One {@code dovecot -F} master process started by a test, and the children it forked. Stopping
 * it asks the master to shut down (SIGTERM), then ends the children it left behind, so a test
 * run leaves no stray Dovecot processes.
 */
final class DovecotProcess {

    /** What {@link #awaitGreeting} saw. */
    enum Readiness { READY, EXITED, TIMED_OUT }

    static final String GREETING_PREFIX = "* OK";
    private static final Duration POLL_INTERVAL = Duration.ofMillis(50);
    private static final int CONNECT_TIMEOUT_MILLIS = 250;
    private static final int GREETING_TIMEOUT_MILLIS = 2_000;
    private static final Duration TERM_GRACE = Duration.ofSeconds(10);
    private static final Duration KILL_GRACE = Duration.ofSeconds(5);

    private final Process process;
    private final Thread shutdownHook;

    private DovecotProcess(Process process) {
        this.process = process;
        this.shutdownHook = new Thread(this::killNow, "dovecot-test-shutdown-" + process.pid());
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts {@code binary -F -c config}, appending its stdout and stderr to {@code console}. */
    static DovecotProcess launch(Path binary, Path config, Path console) throws IOException {
        Process process = new ProcessBuilder(binary.toString(), "-F", "-c", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(console.toFile()))
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .start();
        return new DovecotProcess(process);
    }

    /** The master and the children it has forked so far. */
    List<ProcessHandle> processes() {
        return Stream.concat(Stream.of(process.toHandle()), process.descendants()).toList();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Polls {@code port} on loopback until it greets with {@code * OK}, the process exits, or
     * {@code timeout} passes. Bounded polling is the only way to learn an external process is ready.
     */
    Readiness awaitGreeting(int port, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                return Readiness.EXITED;
            }
            if (greets(port)) {
                return Readiness.READY;
            }
            if (System.nanoTime() - deadline >= 0) {
                return Readiness.TIMED_OUT;
            }
            process.waitFor(POLL_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Stops the master and its children; returns once all of them have exited or been killed. */
    void stop() {
        List<ProcessHandle> children = process.descendants().toList();
        boolean interrupted = false;
        try {
            process.destroy();
            if (!process.waitFor(TERM_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
            // The master exits without ending imap processes that still have a client (nor the
            // log and stats processes those use): they would outlive the test, so end them here.
            children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroy);
            for (ProcessHandle child : children) {
                awaitOrKill(child);
            }
        } catch (InterruptedException e) {
            interrupted = true;
            killNow();
        } finally {
            removeShutdownHook();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void awaitOrKill(ProcessHandle child) throws InterruptedException {
        try {
            child.onExit().get(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            child.destroyForcibly();
        }
    }

    private void killNow() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
    }

    private void removeShutdownHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down and will run the hook
        }
    }

    private static boolean greets(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(DovecotConfig.LOOPBACK, port), CONNECT_TIMEOUT_MILLIS);
            socket.setSoTimeout(GREETING_TIMEOUT_MILLIS);
            BufferedReader reader = new BufferedReader(
                    new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            String greeting = reader.readLine();
            return greeting != null && greeting.startsWith(GREETING_PREFIX);
        } catch (IOException e) {
            return false;
        }
    }
}
