package dev.postern.core.testing;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * For tests of what counts per UTC day (daily message quotas): a test that starts just before midnight
 * would count on one day and look on the next, so it starts after midnight instead.
 */
public final class UtcMidnight {

    private UtcMidnight() {
    }

    /** Returns at once unless midnight (UTC) is less than {@code margin} away; then returns just after it. */
    public static void notWithin(Duration margin) throws InterruptedException {
        Instant now = Instant.now();
        Instant midnight = LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Duration left = Duration.between(now, midnight);
        if (left.compareTo(margin) < 0) {
            Thread.sleep(left.toMillis() + 1_000);
        }
    }
}
