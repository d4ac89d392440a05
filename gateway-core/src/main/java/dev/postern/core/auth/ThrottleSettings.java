package dev.postern.core.auth;

import dev.postern.core.net.Networks;
import java.time.Duration;
import java.util.Objects;

/**
 * The numbers behind {@link FailureThrottle}.
 *
 * @param firstDelay      the delay before the first refusal from a source is answered; it doubles per
 *                        further failure from that source ({@code auth.failure-delay})
 * @param maxDelay        the cap of that doubling
 * @param perIp           failures from one source (IPv4 address, IPv6 /64) after which it is refused
 * @param perUserAndIp    failures for one user from one source after which that pair is refused
 * @param perUser         failures against one user from anywhere after which its logins are slowed (never refused)
 * @param perUserDelay    how long a login for such a user waits before its check
 * @param blockFor        how long failures are remembered after the last one; a refused source stays refused this long
 * @param maxTracked      most sources, pairs and users remembered (each); the least recent are forgotten first
 * @param trusted         networks that are never throttled
 */
public record ThrottleSettings(Duration firstDelay, Duration maxDelay, int perIp, int perUserAndIp, int perUser,
                               Duration perUserDelay, Duration blockFor, long maxTracked, Networks trusted) {

    public ThrottleSettings {
        Objects.requireNonNull(firstDelay, "firstDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        Objects.requireNonNull(perUserDelay, "perUserDelay");
        Objects.requireNonNull(blockFor, "blockFor");
        Objects.requireNonNull(trusted, "trusted");
        if (maxDelay.compareTo(firstDelay) < 0) {
            throw new IllegalArgumentException("maxDelay: " + maxDelay + " (expected at least firstDelay " + firstDelay + ")");
        }
        if (perIp < 1 || perUserAndIp < 1 || perUser < 1) {
            throw new IllegalArgumentException("perIp, perUserAndIp, perUser: " + perIp + ", " + perUserAndIp + ", "
                    + perUser + " (expected at least 1 each)");
        }
        if (blockFor.isNegative() || blockFor.isZero() || maxTracked < 1) {
            throw new IllegalArgumentException("blockFor, maxTracked: " + blockFor + ", " + maxTracked
                    + " (expected a positive duration and at least 1)");
        }
    }
}
