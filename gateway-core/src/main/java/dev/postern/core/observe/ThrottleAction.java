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
    /** A login check waited first because its user was under attack from elsewhere (per-user ceiling). */
    CHECK_DELAYED,
    /** A login was refused unchecked ({@code NO [UNAVAILABLE]} / {@code 454}): its source failed too often. */
    LOGIN_REFUSED,
    /** A connection was refused by a cap or the per-source connection rate. */
    CONNECTION_REFUSED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The action named by {@code dev.postern.core.auth.ThrottleObserver}'s words, or null if unknown. */
    public static ThrottleAction fromObserver(String action) {
        return switch (action) {
            case "delay" -> CHECK_DELAYED;
            case "refuse" -> LOGIN_REFUSED;
            case "connection_refused" -> CONNECTION_REFUSED;
            default -> null;
        };
    }
}
