package dev.postern.core.testing;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Explains a failed Dovecot start with what Dovecot wrote during that attempt: the tail of its
 * log file and of its console output (errors from before the log file was opened).
 */
final class StartupDiagnostics {

    private static final int TAIL_LINES = 30;

    private final DovecotLayout layout;
    private final long logOffset;
    private final long consoleOffset;

    private StartupDiagnostics(DovecotLayout layout, long logOffset, long consoleOffset) {
        this.layout = layout;
        this.logOffset = logOffset;
        this.consoleOffset = consoleOffset;
    }

    /** Remembers how much Dovecot had written before this attempt. */
    static StartupDiagnostics mark(DovecotLayout layout) throws IOException {
        return new StartupDiagnostics(layout, size(layout.log()), size(layout.console()));
    }

    /** What Dovecot wrote since {@link #mark}, at most the last lines of each file. */
    String tail() {
        return section(layout.log(), logOffset) + section(layout.console(), consoleOffset);
    }

    String describe(DovecotProcess.Readiness readiness, int imapPort, Duration timeout, String tail) {
        String what = readiness == DovecotProcess.Readiness.EXITED
                ? "Dovecot exited during startup"
                : "Dovecot did not greet on 127.0.0.1:" + imapPort + " within " + timeout;
        return what + " (config " + layout.config() + ", expected: '" + DovecotProcess.GREETING_PREFIX
                + "' greeting)" + System.lineSeparator() + tail;
    }

    private static String section(Path file, long offset) {
        List<String> lines;
        try {
            lines = readFrom(file, offset).lines().toList();
        } catch (IOException e) {
            return "--- " + file + ": unreadable (" + e.getMessage() + ")" + System.lineSeparator();
        }
        if (lines.isEmpty()) {
            return "--- " + file + " (empty)" + System.lineSeparator();
        }
        List<String> tail = lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size());
        return "--- " + file + " (last " + tail.size() + " lines)" + System.lineSeparator()
                + String.join(System.lineSeparator(), tail) + System.lineSeparator();
    }

    private static String readFrom(Path file, long offset) throws IOException {
        if (!Files.exists(file)) {
            return "";
        }
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = Math.max(0, in.length() - offset);
            byte[] bytes = new byte[(int) Math.min(length, 1 << 20)];
            in.seek(in.length() - bytes.length);
            in.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private static long size(Path file) throws IOException {
        return Files.exists(file) ? Files.size(file) : 0;
    }
}
