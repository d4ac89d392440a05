package dev.postern.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads passwords from files (first line), and expands user patterns. */
final class Secrets {

    private Secrets() {
    }

    /** {@code inline} if given, else the first line of {@code file}. */
    static String password(String inline, Path file, String option) {
        if (inline != null) {
            return inline;
        }
        if (file == null) {
            throw new IllegalArgumentException(option + ": missing (expected --password or --password-file)");
        }
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            int eol = text.indexOf('\n');
            String line = eol < 0 ? text : text.substring(0, eol);
            return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        } catch (IOException e) {
            throw new UncheckedIOException(option + ": " + file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** {@code bench%d@localhost} with count 3 gives bench0..bench2; a name without {@code %d} is used once. */
    static List<String> users(String pattern, int count) {
        if (!pattern.contains("%d")) {
            return List.of(pattern);
        }
        List<String> users = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            users.add(pattern.replace("%d", Integer.toString(i)));
        }
        return users;
    }
}
