package dev.postern.core.auth;

import dev.postern.core.store.AppPasswordRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A snapshot of one user's app passwords as the store had them, held for at most
 * {@link VerifierSettings#stateRefresh()}. {@code exists} is false for an unknown user; {@code suspended}
 * is true for a suspended one (every login refused, app passwords kept). {@code loadedAt}
 * is the verifier's ticker when it was read (a refusal based on a state read before the check began
 * is confirmed against a fresh read). {@code credentialVersion} is the user's upstream credential count
 * as read with it ({@link dev.postern.core.store.UserRecord#credentialVersion()}).
 */
record UserState(boolean exists, boolean suspended, List<AppPasswordRecord> appPasswords, String unavailable,
                 long loadedAt, long credentialVersion) {

    /** App passwords that ended (revoked or expired) this recently are still matched, to log why. */
    static final Duration RECENTLY_ENDED = Duration.ofDays(7);
    /** At most this many hashes are checked for one cold login (only untagged app passwords can make it more than one). */
    static final int MAX_CANDIDATES = 10;

    UserState(boolean exists, List<AppPasswordRecord> appPasswords, long loadedAt) {
        this(exists, false, appPasswords, null, loadedAt, 0);
    }

    UserState(boolean exists, boolean suspended, List<AppPasswordRecord> appPasswords, long loadedAt) {
        this(exists, suspended, appPasswords, null, loadedAt, 0);
    }

    /** The store could not be read ({@code why} names the file and the cause); never kept in the cache. */
    static UserState unavailable(String why) {
        return new UserState(false, false, List.of(), why, 0, 0);
    }

    /** Whether a cold check of a secret with {@code tag} could match something in {@code fresh} that it could not here. */
    boolean offersMoreThan(UserState older, Instant now, String tag) {
        if (exists != older.exists) {
            return exists;
        }
        if (older.suspended && !suspended) {
            return true; // resumed since
        }
        List<String> before = older.candidates(now, tag).stream().map(AppPasswordRecord::id).toList();
        return candidates(now, tag).stream().anyMatch(record -> !before.contains(record.id()));
    }

    UserState {
        appPasswords = List.copyOf(appPasswords);
    }

    /**
     * The app passwords a cold check compares against: those that can hold the presented secret (the
     * one whose lookup tag is {@code tag}, and any without a tag: imported hashes and app passwords
     * not yet tagged) and are active or ended recently; active ones first, most recently used first,
     * capped. A user whose app passwords are all tagged has at most one candidate.
     *
     * @param tag the presented secret's {@link LookupTag}, null if it is not a generated secret
     */
    List<AppPasswordRecord> candidates(Instant now, String tag) {
        List<AppPasswordRecord> active = new ArrayList<>();
        List<AppPasswordRecord> ended = new ArrayList<>();
        for (AppPasswordRecord record : appPasswords) {
            if (record.lookupTag() != null && !record.lookupTag().equals(tag)) {
                continue;
            }
            if (record.isActiveAt(now)) {
                active.add(record);
            } else if (endedAt(record).isAfter(now.minus(RECENTLY_ENDED))) {
                ended.add(record);
            }
        }
        Comparator<AppPasswordRecord> recentFirst = Comparator.comparing(
                (AppPasswordRecord r) -> r.lastUsedAt() == null ? r.createdAt() : r.lastUsedAt()).reversed();
        active.sort(recentFirst);
        ended.sort(recentFirst);
        active.addAll(ended);
        return active.size() > MAX_CANDIDATES ? active.subList(0, MAX_CANDIDATES) : active;
    }

    AppPasswordRecord find(String id) {
        for (AppPasswordRecord record : appPasswords) {
            if (record.id().equals(id)) {
                return record;
            }
        }
        return null;
    }

    private static Instant endedAt(AppPasswordRecord record) {
        if (record.revokedAt() != null) {
            return record.revokedAt();
        }
        return record.expiresAt() == null ? Instant.MIN : record.expiresAt();
    }
}
