package dev.postern.core.observe;

import java.util.Locale;

/** The parts of a login's latency, as the {@code phase} label of {@link Meters#LOGIN_DURATION}. */
public enum LoginPhase {
    /** The credential check answered from the hot cache (store snapshot lookup included). */
    CACHE,
    /** The credential check that paid the slow hash (store lookup and queueing included). */
    HASH,
    /** From the accepted credential to the logged-in upstream session (credential lookup, connect, login). */
    UPSTREAM;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
