package dev.postern.core.ingress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Whether this process runs as root, read from {@code /proc/self/status} (the effective uid) where there is one. */
final class EffectiveUser {

    private static final Path STATUS = Path.of("/proc/self/status");

    private EffectiveUser() {
    }

    static boolean isRoot() {
        try {
            List<String> lines = Files.readAllLines(STATUS);
            for (String line : lines) {
                if (line.startsWith("Uid:")) {
                    // Uid: real effective saved filesystem
                    return line.substring(4).trim().split("\\s+")[1].equals("0");
                }
            }
        } catch (IOException | RuntimeException noProcfs) {
            // not Linux: fall back to the user name
        }
        return "root".equals(System.getProperty("user.name"));
    }
}
