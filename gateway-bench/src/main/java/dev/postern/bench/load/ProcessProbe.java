package dev.postern.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Memory of a server process on this machine: resident set size from {@code /proc/<pid>/status},
 * and Java heap in use after a full collection ({@code jcmd <pid> GC.run}, then
 * {@code GC.heap_info}). Java heap is -1 for a process that is not a JVM of this user.
 */
final class ProcessProbe {

    /** One reading, in KiB. */
    record Memory(long rssKib, long heapKib) {
    }

    private static final Pattern VM_RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");
    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

    private ProcessProbe() {
    }

    static Memory read(long pid) {
        return new Memory(rssKib(pid), heapAfterGcKib(pid));
    }

    /** CPU time (user + system) the process has used, in milliseconds (10 ms steps), or -1. */
    static long cpuMillis(long pid) {
        if (pid <= 0) {
            return -1;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields[0] is the state (field 3 of proc(5)); utime and stime are fields 14 and 15
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return ticks * 1000 / CLOCK_TICKS;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static final long CLOCK_TICKS = 100;

    static long rssKib(long pid) {
        try {
            Matcher m = VM_RSS.matcher(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
            return m.find() ? Long.parseLong(m.group(1)) : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    static long heapAfterGcKib(long pid) {
        if (jcmd(pid, "GC.run") == null) {
            return -1;
        }
        String info = jcmd(pid, "GC.heap_info");
        if (info == null) {
            return -1;
        }
        Matcher m = HEAP_USED.matcher(info);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private static String jcmd(long pid, String command) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        String executable = Files.isExecutable(jcmd) ? jcmd.toString() : "jcmd";
        try {
            Process process = new ProcessBuilder(executable, Long.toString(pid), command).redirectErrorStream(true).start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroy();
                return null;
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
