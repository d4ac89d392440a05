package dev.postern.core.observe;

import java.util.Locale;

/** The parts of a login's latency, as the {@code phase} label of {@link Meters#LOGIN_DURATION}. */
public enum LoginPhase {
    /**
     * The credential check answered without a hash of its own: from the hot cache, or by sharing an
     * identical check in flight (store snapshot lookup, and the wait for the shared check, included).
     */
    CACHE,
    /** The credential check that paid the slow hash (store lookup and queueing included). */
    HASH,
    /** From the accepted credential to the logged-in upstream session (credential lookup, connect, login). */
    UPSTREAM;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
