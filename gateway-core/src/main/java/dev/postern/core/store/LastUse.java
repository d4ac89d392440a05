package dev.postern.core.store;

import java.time.Instant;
import java.util.Objects;

/** A successful use of an app password: when, and from which client address (null when unknown). */
public record LastUse(Instant at, String clientIp) {

    public LastUse {
        Objects.requireNonNull(at, "at");
    }

    /** The later of the two; {@code this} when they are equally recent. */
    public LastUse later(LastUse other) {
        return other.at.isAfter(at) ? other : this;
    }
}
