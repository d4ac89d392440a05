package dev.postern.core.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Asks a running test Dovecot, through {@code doveadm}, whether its passdb and userdb know a
 * user. Dovecot re-reads a changed passwd-file at most once a second, so a user added while it
 * runs becomes visible only after such a lookup succeeds.
 */
final class Doveadm {

    static final Path DOVEADM_BINARY = Path.of("/usr/bin/doveadm");
    private static final int EXIT_OK = 0;
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

    private Doveadm() {
    }

    /**
     * Waits until both databases know {@code user}. A bounded poll: Dovecot offers no event for
     * "passwd-file reloaded".
     *
     * @throws IllegalStateException if {@code timeout} passes first
     */
    static void awaitUser(Path config, String user, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!(succeeds(config, "auth", "lookup", user) && succeeds(config, "user", user))) {
            if (System.nanoTime() - deadline >= 0) {
                throw new IllegalStateException("user '" + user + "': unknown to Dovecot after " + timeout
                        + " (expected: passwd-file reloaded; config " + config + ")");
            }
            TimeUnit.NANOSECONDS.sleep(Math.min(POLL_INTERVAL.toNanos(), deadline - System.nanoTime()));
        }
    }

    private static boolean succeeds(Path config, String... command) throws IOException, InterruptedException {
        String[] argv = new String[command.length + 3];
        argv[0] = DOVEADM_BINARY.toString();
        argv[1] = "-c";
        argv[2] = config.toString();
        System.arraycopy(command, 0, argv, 3, command.length);
        Process process = new ProcessBuilder(argv)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!process.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IOException("doveadm " + String.join(" ", command) + ": no answer within " + COMMAND_TIMEOUT);
        }
        return process.exitValue() == EXIT_OK;
    }
}
