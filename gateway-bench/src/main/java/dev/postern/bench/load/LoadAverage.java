package dev.postern.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine's 1-minute load average, for the record: this machine is shared. */
final class LoadAverage {

    private LoadAverage() {
    }

    static String now() {
        return fields(1);
    }

    /** The 1-, 5- and 15-minute load averages, space-separated. */
    static String all() {
        return fields(3);
    }

    private static String fields(int count) {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return String.join(" ", java.util.Arrays.copyOf(fields, Math.min(count, fields.length)));
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }
}
