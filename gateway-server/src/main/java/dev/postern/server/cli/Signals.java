package dev.postern.server.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs handlers for POSIX signals through {@code sun.misc.Signal} where the platform has it
 * (HotSpot on Linux and macOS). Elsewhere it says so and returns false, and {@code serve} falls
 * back to the JVM shutdown hook alone.
 */
final class Signals {

    private static final Logger LOG = LoggerFactory.getLogger(Signals.class);

    private Signals() {
    }

    /** Runs {@code action} on a JVM signal thread each time {@code name} (e.g. {@code HUP}) arrives. */
    @SuppressWarnings("restriction")
    static boolean on(String name, Runnable action) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> action.run());
            return true;
        } catch (IllegalArgumentException | LinkageError | UnsupportedOperationException unavailable) {
            LOG.info("signal SIG{} cannot be handled on this platform ({})", name, unavailable.toString());
            return false;
        }
    }
}
