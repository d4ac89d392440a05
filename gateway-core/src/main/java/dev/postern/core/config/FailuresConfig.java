package dev.postern.core.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Brute-force throttling ({@code limits.failures}). The first delay is {@code auth.failure-delay};
 * it doubles per further failure from the same source up to {@link #maxDelay}.
 *
 * @param maxDelay     cap of the doubling delay before a refusal is answered
 * @param perIp        failures from one source (IPv4 address, IPv6 /64) before it gets temporary refusals
 * @param perUserAndIp failures for one user from one source before that pair gets temporary refusals
 * @param perUser      failures against one user from anywhere before its logins are slowed (never refused)
 * @param perUserDelay the wait before checking a login for such a user
 * @param blockFor     how long failures are remembered after the last one (and so how long a refusal lasts)
 */
public record FailuresConfig(Duration maxDelay, int perIp, int perUserAndIp, int perUser, Duration perUserDelay,
                             Duration blockFor) {

    public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(15);
    public static final int DEFAULT_PER_IP = 30;
    public static final int DEFAULT_PER_USER_AND_IP = 10;
    public static final int DEFAULT_PER_USER = 100;
    public static final Duration DEFAULT_PER_USER_DELAY = Duration.ofSeconds(5);
    public static final Duration DEFAULT_BLOCK_FOR = Duration.ofMinutes(15);

    static final String SECTION = "failures";
    static final String[] KEYS = {"max-delay", "per-ip", "per-user-and-ip", "per-user", "per-user-delay", "block-for"};

    private static final int MAX_COUNT = 1_000_000;

    public FailuresConfig {
        Objects.requireNonNull(maxDelay, "maxDelay");
        Objects.requireNonNull(perUserDelay, "perUserDelay");
        Objects.requireNonNull(blockFor, "blockFor");
    }

    public static FailuresConfig defaults() {
        return new FailuresConfig(DEFAULT_MAX_DELAY, DEFAULT_PER_IP, DEFAULT_PER_USER_AND_IP, DEFAULT_PER_USER,
                DEFAULT_PER_USER_DELAY, DEFAULT_BLOCK_FOR);
    }

    static FailuresConfig bind(ConfigReader failures) {
        int mark = failures.problems().count();
        Duration maxDelay = failures.duration("max-delay", DEFAULT_MAX_DELAY, Duration.ZERO, Duration.ofMinutes(5));
        int perIp = failures.integer("per-ip", DEFAULT_PER_IP, 1, MAX_COUNT);
        int perUserAndIp = failures.integer("per-user-and-ip", DEFAULT_PER_USER_AND_IP, 1, MAX_COUNT);
        int perUser = failures.integer("per-user", DEFAULT_PER_USER, 1, MAX_COUNT);
        Duration perUserDelay = failures.duration("per-user-delay", DEFAULT_PER_USER_DELAY, Duration.ZERO,
                Duration.ofSeconds(60));
        Duration blockFor = failures.duration("block-for", DEFAULT_BLOCK_FOR, Duration.ofMinutes(1), Duration.ofDays(1));
        if (failures.problems().count() > mark) {
            return null;
        }
        return new FailuresConfig(maxDelay, perIp, perUserAndIp, perUser, perUserDelay, blockFor);
    }
}
