package dev.postern.core.config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How the SMTP front learns what its upstream offers: an EHLO probe at start-up, repeated every
 * {@code probeInterval}; when the probe fails, {@code fallbackExtensions} are assumed (and a warning logged).
 *
 * @param fallbackExtensions EHLO keywords (with parameters, e.g. {@code SIZE 35882577}), upper case
 */
public record SmtpProbeConfig(Duration probeInterval, List<String> fallbackExtensions) {

    public static final Duration DEFAULT_PROBE_INTERVAL = Duration.ofMinutes(10);
    public static final List<String> DEFAULT_FALLBACK = List.of("PIPELINING", "ENHANCEDSTATUSCODES", "8BITMIME");

    static final String[] KEYS = {"probe-interval", "fallback-extensions"};
    static final String EXPECTED_EXTENSION = "expected an EHLO keyword such as 8BITMIME or SIZE 10240000";

    private static final Pattern EXTENSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]*( [\\x21-\\x7e]+)*");
    private static final Duration MIN_INTERVAL = Duration.ofSeconds(10);
    private static final Duration MAX_INTERVAL = Duration.ofHours(24);

    public SmtpProbeConfig {
        Objects.requireNonNull(probeInterval, "probeInterval");
        fallbackExtensions = fallbackExtensions.stream().map(e -> e.toUpperCase(Locale.ROOT)).toList();
    }

    public static SmtpProbeConfig defaults() {
        return new SmtpProbeConfig(DEFAULT_PROBE_INTERVAL, DEFAULT_FALLBACK);
    }

    /** Binds the probe keys of an {@code smtp.upstream} section; null when something is wrong (reported). */
    static SmtpProbeConfig bind(ConfigReader upstream) {
        int mark = upstream.problems().count();
        Duration interval = upstream.duration("probe-interval", DEFAULT_PROBE_INTERVAL, MIN_INTERVAL, MAX_INTERVAL);
        List<String> fallback = upstream.texts("fallback-extensions", DEFAULT_FALLBACK, EXPECTED_EXTENSION);
        for (int i = 0; i < fallback.size(); i++) {
            if (!EXTENSION.matcher(fallback.get(i)).matches()) {
                upstream.problem("fallback-extensions[" + i + "]", Problems.quote(fallback.get(i)), EXPECTED_EXTENSION);
            }
        }
        if (upstream.problems().count() > mark) {
            return null;
        }
        return new SmtpProbeConfig(interval, fallback);
    }
}
