package dev.postern.core.observe;

import java.util.Locale;

/** What the gateway did to slow down or stop a client, as the {@code action} label of {@link Meters#THROTTLE_ACTIONS}. */
public enum ThrottleAction {
    /** A failed login was answered only after the failure delay. */
    FAILURE_DELAY,
    /** The connection was closed after too many failed logins. */
    DISCONNECT_AUTH_FAILURES,
    /** The connection was closed after too many bad commands. */
    DISCONNECT_BAD_COMMANDS,
    /** Refused by a rate limit (reserved: no rate limiter reports it yet). */
    RATE_LIMITED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
