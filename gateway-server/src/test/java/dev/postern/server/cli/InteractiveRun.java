package dev.postern.server.cli;

import dev.postern.core.upstream.oauth2.Pause;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One in-process run of the {@code postern} command line that a test talks to while it runs: reads
 * its standard output line by line as it is written, and types lines on its standard input.
 */
public final class InteractiveRun implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final PipedOutputStream stdin = new PipedOutputStream();
    private final StringBuilder out = new StringBuilder();
    private final StringWriter err = new StringWriter();
    private final CompletableFuture<Integer> code = new CompletableFuture<>();
    private int linesRead;

    private InteractiveRun() {
    }

    public static InteractiveRun start(Pause pause, String... args) throws IOException {
        InteractiveRun run = new InteractiveRun();
        PipedInputStream in = new PipedInputStream(run.stdin, 64 * 1024);
        CliIo io = new CliIo(in, new PrintWriter(run.new Lines(), true), new PrintWriter(run.err, true), Map.of(), pause);
        Thread thread = new Thread(() -> {
            try {
                run.code.complete(Main.run(args, io));
            } catch (Throwable e) {
                run.code.completeExceptionally(e);
            }
        }, "postern-cli-under-test");
        thread.setDaemon(true);
        thread.start();
        return run;
    }

    /** The next whole line of standard output, waiting for it; fails if the run ends first. */
    public String nextLine() throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        synchronized (out) {
            while (true) {
                String[] lines = out.toString().split("\n", -1);
                if (lines.length - 1 > linesRead) {
                    return lines[linesRead++];
                }
                if (code.isDone()) {
                    throw new AssertionError("the run ended (" + code.getNow(null) + ") without another line; out: " + out
                            + "; err: " + err);
                }
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    throw new AssertionError("no line within " + TIMEOUT + "; out: " + out + "; err: " + err);
                }
                out.wait(Math.min(left, 50));
            }
        }
    }

    /** Types {@code line} and Enter on standard input. */
    public void type(String line) throws IOException {
        stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    /** Closes standard input (end of file). */
    public void endInput() throws IOException {
        stdin.close();
    }

    public int exitCode() throws Exception {
        return code.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    public String out() {
        synchronized (out) {
            return out.toString();
        }
    }

    public String err() {
        return err.toString();
    }

    @Override
    public void close() throws IOException {
        stdin.close();
    }

    /** Standard output, kept and announced to {@link #nextLine()} as it is written. */
    private final class Lines extends Writer {
        @Override
        public void write(char[] buffer, int offset, int length) {
            synchronized (out) {
                out.append(buffer, offset, length);
                out.notifyAll();
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
