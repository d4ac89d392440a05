package dev.postern.server.cli;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Instants in text output: UTC to the minute, {@code 2025-03-01 10:00Z}; absent ones as a word. */
final class TextTimes {

    static final String NEVER = "never";

    private static final DateTimeFormatter MINUTES =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm'Z'").withZone(ZoneOffset.UTC);

    private TextTimes() {
    }

    static String format(Instant instant) {
        return instant == null ? NEVER : MINUTES.format(instant);
    }
}
