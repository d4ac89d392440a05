package dev.postern.core.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A known user (normalised name), whether an upstream password is stored for them, and the state of
 * their upstream consent (refresh-token grant): null when they never connected the upstream; since
 * when they are suspended ({@code postern users suspend}): null while they are active; and how many
 * times their upstream credential was set anew ({@code users set-upstream-password}, {@code users
 * connect}): a session logged in under a lower count used a credential that has been replaced.
 */
public record UserRecord(String name, Instant createdAt, boolean hasUpstreamPassword, Connection connection,
                         Instant suspendedAt, long credentialVersion) {

    public UserRecord {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** A user whose upstream credential was never set anew. */
    public UserRecord(String name, Instant createdAt, boolean hasUpstreamPassword, Connection connection,
                      Instant suspendedAt) {
        this(name, createdAt, hasUpstreamPassword, connection, suspendedAt, 0);
    }

    /** A user who is not suspended. */
    public UserRecord(String name, Instant createdAt, boolean hasUpstreamPassword, Connection connection) {
        this(name, createdAt, hasUpstreamPassword, connection, null);
    }

    /** Suspended: every login refused and every live session closed, app passwords kept. */
    public boolean isSuspended() {
        return suspendedAt != null;
    }

    /** A user who never connected the upstream. */
    public UserRecord(String name, Instant createdAt, boolean hasUpstreamPassword) {
        this(name, createdAt, hasUpstreamPassword, null);
    }

    /**
     * When the user last connected the upstream ({@code postern users connect}), and since when and
     * why that connection needs to be made again (the provider refused the refresh token); both null
     * while it is good.
     */
    public record Connection(Instant connectedAt, Instant needsReconnectSince, String needsReconnectReason) {
        public Connection {
            Objects.requireNonNull(connectedAt, "connectedAt");
        }

        public boolean needsReconnect() {
            return needsReconnectSince != null;
        }
    }
}
