package dev.postern.core.store;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Copies everything one store holds into another, whatever their backends (SQLite to PostgreSQL when
 * an installation outgrows one gateway): users with their creation time, suspension, sealed upstream
 * password and sealed refresh token with its state, and every app password as stored (hash, lookup
 * tag, scopes, expiry, revocation, last use). Sealed secrets are copied as they are: the target's
 * gateways need the same sealing key. Works through the {@link CredentialStore} API only, one change
 * at a time; a copy that stopped half-way can be run again into the non-empty target, which skips
 * what is already there.
 */
public final class StoreCopy {

    /** What a copy did: rows copied, and rows skipped because the target already had them. */
    public record Counts(int users, int appPasswords, int upstreamPasswords, int refreshTokens, int skippedUsers,
                         int skippedAppPasswords) {
    }

    private StoreCopy() {
    }

    /** Whether {@code store} holds any user (and so any app password). */
    public static boolean isEmpty(CredentialStore store) {
        return store.listUsers().isEmpty();
    }

    /**
     * Copies {@code from} into {@code to}; users and app passwords the target already has (same name,
     * same id) are left as they are there and counted as skipped.
     */
    public static Counts copy(CredentialStore from, CredentialStore to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        int users = 0;
        int upstreamPasswords = 0;
        int refreshTokens = 0;
        int skippedUsers = 0;
        List<UserRecord> sourceUsers = new ArrayList<>(from.listUsers());
        Collections.reverse(sourceUsers); // oldest first, as they were added
        for (UserRecord user : sourceUsers) {
            if (!to.addUser(user.name(), user.createdAt())) {
                skippedUsers++;
                continue;
            }
            users++;
            Optional<byte[]> sealedPassword = from.upstreamPassword(user.name());
            if (sealedPassword.isPresent()) {
                to.setUpstreamPassword(user.name(), sealedPassword.get());
                upstreamPasswords++;
            }
            Optional<UpstreamConnection> consent = from.upstreamConnection(user.name());
            if (consent.isPresent()) {
                UpstreamConnection connection = consent.get();
                long version = to.connectUpstream(user.name(), connection.sealedRefreshToken(), connection.connectedAt());
                if (connection.needsReconnectSince() != null) {
                    to.markNeedsReconnect(user.name(), version,
                            Objects.requireNonNullElse(connection.needsReconnectReason(), "unknown"),
                            connection.needsReconnectSince());
                }
                refreshTokens++;
            }
            if (user.suspendedAt() != null) {
                to.setSuspended(user.name(), user.suspendedAt());
            }
        }
        int appPasswords = 0;
        int skippedAppPasswords = 0;
        List<AppPasswordRecord> records = new ArrayList<>(from.listAppPasswords(Optional.empty()));
        Collections.reverse(records); // oldest first, so that the target breaks ties of creation time alike
        for (AppPasswordRecord record : records) {
            if (to.findAppPassword(record.id()).isPresent()) {
                skippedAppPasswords++;
                continue;
            }
            to.createAppPassword(record);
            appPasswords++;
        }
        return new Counts(users, appPasswords, upstreamPasswords, refreshTokens, skippedUsers, skippedAppPasswords);
    }
}
