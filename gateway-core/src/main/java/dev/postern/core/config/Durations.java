package dev.postern.core.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes the short duration form used in the configuration and the CLI:
 * a whole number followed by one unit, {@code 500ms}, {@code 2s}, {@code 30m}, {@code 24h}, {@code 90d}.
 */
public final class Durations {

    /** What a duration must look like; used in every message about a bad duration. */
    public static final String EXPECTED = "expected a duration such as 500ms, 2s, 30m, 24h or 90d";

    private static final Pattern FORM = Pattern.compile("([0-9]{1,18})(ms|s|m|h|d)");
    private static final long MILLIS_PER_SECOND = 1_000;
    private static final long[] UNIT_MILLIS = {86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};
    private static final String[] UNIT_NAMES = {"d", "h", "m", "s", "ms"};

    private Durations() {
    }

    /**
     * Parses {@code <digits><unit>} with unit one of ms, s, m, h, d.
     *
     * @throws IllegalArgumentException naming the text and the expected form
     */
    public static Duration parse(String text) {
        Matcher match = FORM.matcher(text == null ? "" : text);
        if (!match.matches()) {
            throw new IllegalArgumentException(quoted(text) + " (" + EXPECTED + ")");
        }
        long amount = Long.parseLong(match.group(1));
        try {
            switch (match.group(2)) {
                case "ms":
                    return Duration.ofMillis(amount);
                case "s":
                    return Duration.ofSeconds(amount);
                case "m":
                    return Duration.ofMinutes(amount);
                case "h":
                    return Duration.ofHours(amount);
                default:
                    return Duration.ofDays(amount);
            }
        } catch (ArithmeticException tooLong) {
            throw new IllegalArgumentException(quoted(text) + " (" + EXPECTED + ", not that long)", tooLong);
        }
    }

    /**
     * Formats in the largest unit that divides the duration exactly ({@code 90s} becomes {@code 90s},
     * {@code 120s} becomes {@code 2m}); zero is {@code 0s}. Negative or sub-millisecond durations,
     * which {@link #parse} never returns, fall back to the ISO-8601 form.
     */
    public static String format(Duration duration) {
        if (duration.isZero()) {
            return "0s";
        }
        if (duration.isNegative() || duration.getNano() % 1_000_000 != 0) {
            return duration.toString();
        }
        long millis;
        try {
            millis = duration.toMillis();
        } catch (ArithmeticException tooLong) {
            return duration.toString();
        }
        for (int i = 0; i < UNIT_MILLIS.length; i++) {
            if (millis % UNIT_MILLIS[i] == 0) {
                return (millis / UNIT_MILLIS[i]) + UNIT_NAMES[i];
            }
        }
        return millis / MILLIS_PER_SECOND + "s";
    }

    private static String quoted(String text) {
        return text == null ? "null" : '"' + text + '"';
    }
}
