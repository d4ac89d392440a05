package dev.postern.core.upstream.oauth2;

import java.time.Duration;

/** Waits between two polls of the device flow; tests pass one that only records the waits. */
@FunctionalInterface
public interface Pause {

    /** Sleeps for real. */
    Pause SLEEP = duration -> Thread.sleep(duration.toMillis());

    void pause(Duration duration) throws InterruptedException;
}
