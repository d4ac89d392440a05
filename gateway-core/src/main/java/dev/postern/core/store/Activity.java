package dev.postern.core.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One line of a user's activity: a login the gateway decided for them, accepted or refused.
 *
 * @param outcome       {@code success} or {@code rejected}
 * @param reason        why it was refused (a reject reason such as {@code wrong_password}), or null
 * @param appPasswordId the app password that logged in, or null
 * @param label         that app password's label when read back (null when written, or when it was removed)
 */
public record Activity(String user, Instant at, String protocol, String clientIp, String outcome, String reason,
                       String appPasswordId, String label) {

    public static final String SUCCESS = "success";
    public static final String REJECTED = "rejected";

    public Activity {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(clientIp, "clientIp");
        Objects.requireNonNull(outcome, "outcome");
    }
}
