package dev.postern.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine's 1-minute load average, for the record: this machine is shared. */
final class LoadAverage {

    private LoadAverage() {
    }

    static String now() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }
}
