package dev.postern.core.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A user's upstream consent as stored (refresh-token grant): the sealed refresh token, the version
 * every write of it (a consent, a rotation, a mark that it needs reconnecting) increments, and its
 * state. A change made on the strength of what was read names the version read, so that it cannot
 * undo a newer one made meanwhile by another gateway or a new consent. {@link #toString()} never
 * shows the token, sealed as it is.
 *
 * @param sealedRefreshToken   the refresh token sealed by {@code SecretSealer} for the user
 * @param version              incremented by every write
 * @param connectedAt          when the consent was given
 * @param needsReconnectSince  when the provider refused the refresh token, or null
 * @param needsReconnectReason what the provider said then, or null
 */
public record UpstreamConnection(byte[] sealedRefreshToken, long version, Instant connectedAt,
                                 Instant needsReconnectSince, String needsReconnectReason) {

    public UpstreamConnection {
        Objects.requireNonNull(sealedRefreshToken, "sealedRefreshToken");
        Objects.requireNonNull(connectedAt, "connectedAt");
    }

    public boolean needsReconnect() {
        return needsReconnectSince != null;
    }

    @Override
    public String toString() {
        return "UpstreamConnection[version " + version + ", connected " + connectedAt
                + (needsReconnect() ? ", needs reconnecting since " + needsReconnectSince : "") + "]";
    }
}
