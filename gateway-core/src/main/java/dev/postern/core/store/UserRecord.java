package dev.postern.core.store;

import java.time.Instant;
import java.util.Objects;

/** A known user (normalised name) and whether an upstream password is stored for them. */
public record UserRecord(String name, Instant createdAt, boolean hasUpstreamPassword) {
    public UserRecord {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
