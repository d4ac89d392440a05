package dev.postern.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.core.observe.AuditLog;
import dev.postern.core.session.SessionRegistryTest.Session;
import dev.postern.core.store.AppPasswordState;
import dev.postern.core.store.StoreRevision;
import dev.postern.core.store.StoreUnavailableException;
import dev.postern.core.testing.FakeClock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RevocationWatchTest {

    private static final String ALICE = SessionRegistryTest.ALICE;

    private final FakeClock clock = new FakeClock();
    private final SessionRegistry registry = new SessionRegistry(clock, new AuditLog());
    private final LiveSessions imap = registry.forProtocol("imap", SessionRegistryTest.LINE);
    /** The store as the watch reads it. */
    private final Map<String, AppPasswordState> stored = new HashMap<>();
    private final List<Set<String>> queries = new ArrayList<>();
    private final List<String> forgotten = new ArrayList<>();
    private long revision;
    private int storeChanges;
    private boolean storeDown;

    private final RevocationWatch watch = new RevocationWatch(registry, this::states, new StoreRevision() {
        @Override
        public long current() {
            if (storeDown) {
                throw new StoreUnavailableException("store down");
            }
            return revision;
        }

        @Override
        public void close() {
        }
    }, forgotten::add, () -> storeChanges++);

    private Map<String, AppPasswordState> states(Collection<String> ids) {
        queries.add(Set.copyOf(ids));
        Map<String, AppPasswordState> found = new HashMap<>();
        ids.forEach(id -> {
            if (stored.containsKey(id)) {
                found.put(id, stored.get(id));
            }
        });
        return found;
    }

    private Session session(String id) {
        stored.putIfAbsent(id, new AppPasswordState(id, ALICE, null, null));
        return new Session().register(imap, ALICE, id);
    }

    @Test
    void shouldReadEveryLiveAppPasswordInOneQueryWhenTheStoreChangedAndEndTheRevokedOnes() {
        Session revoked = session("a");
        Session active = session("b");
        watch.sweep();
        queries.clear();

        stored.put("a", new AppPasswordState("a", ALICE, null, clock.instant()));
        revision++;
        watch.sweep();

        assertThat(queries).containsExactly(Set.of("a", "b"));
        assertThat(revoked.heard()).isEqualTo(SessionRegistryTest.LINE);
        assertThat(revoked.client.isActive()).isFalse();
        assertThat(active.heard()).isEmpty();
        assertThat(active.client.isActive()).isTrue();
        assertThat(forgotten).containsExactly(ALICE);
    }

    @Test
    void shouldTellTheVerifierEachTimeTheStoreMovedAndOnlyThen() {
        watch.sweep();
        watch.sweep();
        assertThat(storeChanges).as("first sweep only learns the revision").isZero();

        revision++;
        watch.sweep();
        watch.sweep();

        assertThat(storeChanges).isEqualTo(1);
    }

    @Test
    void shouldAskOnlyForNewSessionsAppPasswordsWhileTheStoreIsUnchanged() {
        session("a");
        watch.sweep();
        session("b");

        watch.sweep();
        watch.sweep();

        assertThat(queries).containsExactly(Set.of("a"), Set.of("b"));
    }

    @Test
    void shouldNotEndSessionsOfActiveAppPasswordsHoweverOftenTheStoreChanges() {
        Session one = session("a");
        Session two = session("b");

        for (int i = 0; i < 5; i++) {
            revision++; // last-use writes of other logins move the revision too
            watch.sweep();
        }

        assertThat(one.heard()).isEmpty();
        assertThat(two.heard()).isEmpty();
        assertThat(registry.size()).isEqualTo(2);
        assertThat(forgotten).isEmpty();
    }

    @Test
    void shouldReadTheUsersSessionsForAChangeMadeInThisProcess() {
        Session session = session("a");
        watch.sweep();
        stored.remove("a"); // the user was removed
        queries.clear();

        watch.check(registry.appPasswordIdsOf(ALICE)); // what userChanged runs on the watch's thread

        assertThat(queries).containsExactly(Set.of("a"));
        assertThat(session.heard()).isEqualTo(SessionRegistryTest.LINE);
    }

    @Test
    void shouldRetryAfterTheStoreWasUnavailableAndStillEndExpiredSessions() {
        Session session = session("a");
        stored.put("a", new AppPasswordState("a", ALICE, clock.instant().plusSeconds(1), null));
        watch.sweep();
        storeDown = true;
        clock.advance(java.time.Duration.ofSeconds(1));

        watch.sweep();

        assertThat(session.heard()).isEqualTo(SessionRegistryTest.LINE);
        storeDown = false;
        stored.put("c", new AppPasswordState("c", ALICE, null, null));
        revision++;
        queries.clear();
        session("c");
        watch.sweep();
        assertThat(queries).hasSize(1);
    }
}
