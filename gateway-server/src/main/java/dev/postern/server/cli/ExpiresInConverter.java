package dev.postern.server.cli;

import dev.postern.core.config.Durations;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses {@code --expires-in 90d}: a positive duration of at most {@value #MAX_DAYS} days. */
final class ExpiresInConverter implements ITypeConverter<Duration> {

    static final long MAX_DAYS = 3650;

    @Override
    public Duration convert(String value) {
        Duration duration;
        try {
            duration = Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
        if (duration.isZero() || duration.compareTo(Duration.ofDays(MAX_DAYS)) > 0) {
            throw new TypeConversionException('"' + value + "\" (expected a duration from 1ms to " + MAX_DAYS
                    + "d, such as 90d)");
        }
        return duration;
    }
}
