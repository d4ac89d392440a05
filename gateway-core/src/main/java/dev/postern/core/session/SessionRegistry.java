package dev.postern.core.session;

import dev.postern.core.observe.AuditLog;
import dev.postern.core.store.AppPasswordState;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every relayed session of the gateway, indexed by the app password it logged in with, with that app
 * password's state as last read from the store (null until the {@link RevocationWatch} has read it).
 * A session leaves when its client channel closes, and an app password's entry with its last
 * session, so the registry holds exactly the live sessions.
 *
 * <p>Thread-safe: sessions register and leave on their event loops, the watch reads and applies
 * states on its own thread. Everything about one app password changes inside one atomic
 * {@code compute} of its entry.
 */
public final class SessionRegistry {

    private final Map<String, Entry> byAppPassword = new ConcurrentHashMap<>();
    private final InstantSource clock;
    private final AuditLog audit;

    public SessionRegistry(InstantSource clock, AuditLog audit) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.audit = Objects.requireNonNull(audit, "audit");
    }

    /** Where the login flow of {@code protocol} registers; {@code closingLine} is what its ended sessions hear. */
    public LiveSessions forProtocol(String protocol, String closingLine) {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(closingLine, "closingLine");
        return (client, upstream, user, appPasswordId, credentialVersion, listener, events) -> add(new LiveSession(
                client, upstream, protocol, user, appPasswordId, credentialVersion, listener, closingLine, events, audit));
    }

    void add(LiveSession session) {
        EndReason[] endNow = new EndReason[1];
        byAppPassword.compute(session.appPasswordId, (id, entry) -> {
            Entry current = entry != null ? entry : new Entry(session.user);
            current.sessions.add(session);
            if (current.checked) {
                // a state read earlier for another session of this app password: it already says whether this one may go on
                endNow[0] = EndReason.of(current.state, clock.instant());
                if (endNow[0] == null && replaced(session, null, current.state)) {
                    endNow[0] = EndReason.CREDENTIAL_CHANGED;
                }
            }
            return current;
        });
        session.client.closeFuture().addListener(closed -> remove(session));
        if (endNow[0] != null) {
            session.end(endNow[0]);
        }
    }

    private void remove(LiveSession session) {
        byAppPassword.computeIfPresent(session.appPasswordId, (id, entry) -> {
            entry.sessions.remove(session);
            return entry.sessions.isEmpty() ? null : entry;
        });
    }

    /** Live sessions now. */
    public int size() {
        int sessions = 0;
        for (Entry entry : byAppPassword.values()) {
            sessions += entry.sessions.size();
        }
        return sessions;
    }

    /** The app passwords with a live session now. */
    public Set<String> appPasswordIds() {
        return Set.copyOf(byAppPassword.keySet());
    }

    /**
     * The app passwords with a live session whose state was not read yet (sessions registered since the
     * watch's last sweep): what its next sweep reads even when the store did not change.
     */
    Set<String> unread() {
        Set<String> ids = new HashSet<>();
        byAppPassword.forEach((id, entry) -> {
            if (!entry.checked) {
                ids.add(id);
            }
        });
        return ids;
    }

    /** The app passwords of {@code user} with a live session now. */
    Set<String> appPasswordIdsOf(String user) {
        Set<String> ids = new HashSet<>();
        byAppPassword.forEach((id, entry) -> {
            if (entry.user.equals(user)) {
                ids.add(id);
            }
        });
        return ids;
    }

    /**
     * Takes the states just read for {@code asked} (an id asked for but absent from {@code states} is no
     * longer stored) and ends every session whose app password may no longer be used.
     *
     * @return the users whose sessions were ended (their cached state in the verifier is out of date)
     */
    Set<String> apply(Collection<String> asked, Map<String, AppPasswordState> states) {
        Instant now = clock.instant();
        Set<String> users = new HashSet<>();
        for (String id : asked) {
            Map<LiveSession, EndReason> ending = new HashMap<>();
            byAppPassword.computeIfPresent(id, (key, entry) -> {
                AppPasswordState previous = entry.checked ? entry.state : null;
                entry.checked = true;
                entry.state = states.get(key);
                EndReason forAll = EndReason.of(entry.state, now);
                for (LiveSession session : entry.sessions) {
                    if (forAll != null) {
                        ending.put(session, forAll);
                    } else if (replaced(session, previous, entry.state)) {
                        ending.put(session, EndReason.CREDENTIAL_CHANGED);
                    }
                }
                return entry;
            });
            ending.forEach((session, reason) -> {
                users.add(session.user);
                session.end(reason);
            });
        }
        return users;
    }

    /**
     * Whether {@code session} logged in upstream with a credential that {@code state} says was replaced
     * since: its user's credential count is higher than the one the session's login read; for a session
     * whose login did not read it, higher than in {@code previous}, the state read before (none at the
     * first read: a change between that login and the first read goes unseen for such a session).
     */
    private static boolean replaced(LiveSession session, AppPasswordState previous, AppPasswordState state) {
        if (state == null) {
            return false;
        }
        long before = session.credentialVersion >= 0 ? session.credentialVersion
                : previous != null ? previous.userCredentialVersion() : state.userCredentialVersion();
        return state.userCredentialVersion() > before;
    }

    /** Ends the sessions of every app password whose known expiry has passed; no store read. */
    Set<String> endExpired() {
        Instant now = clock.instant();
        List<String> expired = new ArrayList<>();
        byAppPassword.forEach((id, entry) -> {
            AppPasswordState state = entry.state;
            if (state != null && state.isExpiredAt(now)) {
                expired.add(id);
            }
        });
        Set<String> users = new HashSet<>();
        for (String id : expired) {
            List<LiveSession> ending = new ArrayList<>();
            byAppPassword.computeIfPresent(id, (key, entry) -> {
                ending.addAll(entry.sessions);
                return entry;
            });
            if (!ending.isEmpty()) {
                users.add(ending.get(0).user);
                ending.forEach(session -> session.end(EndReason.EXPIRED));
            }
        }
        return users;
    }

    /**
     * The sessions of one app password and its last state read ({@code checked} false until then; a
     * checked null state means the app password is no longer stored). Changed only inside the map's
     * {@code compute} of its key; read elsewhere as a snapshot.
     */
    private static final class Entry {
        final String user;
        final Set<LiveSession> sessions = ConcurrentHashMap.newKeySet();
        volatile boolean checked;
        volatile AppPasswordState state;

        Entry(String user) {
            this.user = user;
        }
    }
}
