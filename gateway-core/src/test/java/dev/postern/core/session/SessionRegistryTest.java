package dev.postern.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.core.observe.AuditLog;
import dev.postern.core.relay.SessionListener;
import dev.postern.core.store.AppPasswordState;
import dev.postern.core.testing.FakeClock;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SessionRegistryTest {

    static final String LINE = "* BYE [UNAVAILABLE] Access revoked.\r\n";
    static final String ALICE = "alice@example.com";

    private final FakeClock clock = new FakeClock();
    private final SessionRegistry registry = new SessionRegistry(clock, new AuditLog());
    private final LiveSessions imap = registry.forProtocol("imap", LINE);

    /** One relayed session as the registry sees it: two channels and what its listener was told. */
    static final class Session {
        final EmbeddedChannel client = new EmbeddedChannel();
        final EmbeddedChannel upstream = new EmbeddedChannel();
        final List<SessionListener.Cause> causes = new ArrayList<>();
        final SessionListener events = new SessionListener() {
            @Override
            public void relayed(Direction direction, int bytes) {
            }

            @Override
            public void closedBy(Cause cause) {
                causes.add(cause);
            }
        };

        /** A session whose login did not read the user's credential count. */
        Session register(LiveSessions live, String user, String appPasswordId) {
            return register(live, user, appPasswordId, -1);
        }

        Session register(LiveSessions live, String user, String appPasswordId, long credentialVersion) {
            live.register(client, upstream, user, appPasswordId, credentialVersion, "127.0.0.1:993", events);
            return this;
        }

        /** Runs what the session's event loop was given, then the end of the drain; returns what the client heard. */
        String heard() {
            client.runPendingTasks();
            StringBuilder text = new StringBuilder();
            ByteBuf out;
            while ((out = client.readOutbound()) != null) {
                text.append(out.toString(StandardCharsets.US_ASCII));
                out.release();
            }
            client.advanceTimeBy(LiveSession.DRAIN.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            client.runScheduledPendingTasks();
            return text.toString();
        }
    }

    @Test
    void shouldHoldNothingOnceManySessionsOpenedAndClosed() {
        List<Session> sessions = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            sessions.add(new Session().register(imap, "user" + (i % 17) + "@example.com", "id" + (i % 50)));
        }
        assertThat(registry.size()).isEqualTo(1000);
        assertThat(registry.appPasswordIds()).hasSize(50);

        sessions.forEach(session -> {
            session.client.close();
            session.upstream.close();
        });

        assertThat(registry.size()).isZero();
        assertThat(registry.appPasswordIds()).isEmpty();
        assertThat(registry.unread()).isEmpty();
    }

    @Test
    void shouldEndEverySessionOfARevokedAppPasswordWithTheLineAndLeaveTheOthers() {
        Session first = new Session().register(imap, ALICE, "revoked");
        Session second = new Session().register(imap, ALICE, "revoked");
        Session other = new Session().register(imap, ALICE, "active");

        Set<String> users = registry.apply(List.of("revoked", "active"), Map.of(
                "revoked", new AppPasswordState("revoked", ALICE, null, clock.instant()),
                "active", new AppPasswordState("active", ALICE, null, null)));

        assertThat(users).containsExactly(ALICE);
        for (Session ended : List.of(first, second)) {
            assertThat(ended.heard()).isEqualTo(LINE);
            assertThat(ended.client.isActive()).isFalse();
            assertThat(ended.upstream.isActive()).as("the upstream leg is closed too").isFalse();
            assertThat(ended.causes).containsExactly(SessionListener.Cause.REVOKED);
        }
        assertThat(other.heard()).isEmpty();
        assertThat(other.client.isActive()).isTrue();
        assertThat(registry.size()).isEqualTo(1);
    }

    @Test
    void shouldEndTheSessionsThatLoggedInWithTheUsersOldUpstreamCredentialOnceItChanged() {
        Session session = new Session().register(imap, ALICE, "laptop");
        registry.apply(List.of("laptop"), Map.of("laptop", new AppPasswordState("laptop", ALICE, null, null, null, 3)));
        registry.apply(List.of("laptop"), Map.of("laptop", new AppPasswordState("laptop", ALICE, null, null, null, 3)));
        assertThat(session.client.isActive()).as("the same credential as when first read").isTrue();

        Set<String> users = registry.apply(List.of("laptop"),
                Map.of("laptop", new AppPasswordState("laptop", ALICE, null, null, null, 4)));

        assertThat(users).containsExactly(ALICE);
        assertThat(session.heard()).isEqualTo(LINE);
        assertThat(session.client.isActive()).isFalse();
        assertThat(session.causes).containsExactly(SessionListener.Cause.REVOKED);
    }

    @Test
    void shouldEndASessionWhoseCredentialChangedBetweenItsLoginAndTheFirstReadOfItsState() {
        // logged in having read credential count 3; the count is 4 by the watch's first read
        Session before = new Session().register(imap, ALICE, "laptop", 3);
        Session after = new Session().register(imap, ALICE, "laptop", 4);

        Set<String> users = registry.apply(List.of("laptop"),
                Map.of("laptop", new AppPasswordState("laptop", ALICE, null, null, null, 4)));

        assertThat(users).containsExactly(ALICE);
        assertThat(before.heard()).isEqualTo(LINE);
        assertThat(before.client.isActive()).isFalse();
        assertThat(after.heard()).as("logged in with the new credential").isEmpty();
        assertThat(after.client.isActive()).isTrue();
    }

    @Test
    void shouldJudgeARegisteringSessionByTheCountItsLoginRead() {
        new Session().register(imap, ALICE, "phone", 5);
        registry.apply(List.of("phone"), Map.of("phone", new AppPasswordState("phone", ALICE, null, null, null, 5)));

        Session stale = new Session().register(imap, ALICE, "phone", 4); // its check read the state before the change
        Session fresh = new Session().register(imap, ALICE, "phone", 6); // newer than the watch's last read

        assertThat(stale.heard()).isEqualTo(LINE);
        assertThat(stale.client.isActive()).isFalse();
        assertThat(fresh.heard()).isEmpty();
        registry.apply(List.of("phone"), Map.of("phone", new AppPasswordState("phone", ALICE, null, null, null, 6)));
        assertThat(fresh.heard()).isEmpty();
        assertThat(fresh.client.isActive()).isTrue();
    }

    @Test
    void shouldEndTheSessionsOfAnAppPasswordNoLongerStoredAsUserRemoved() {
        Session session = new Session().register(imap, ALICE, "gone");

        registry.apply(List.of("gone"), Map.of());

        assertThat(session.heard()).isEqualTo(LINE);
        assertThat(session.client.isActive()).isFalse();
    }

    @Test
    void shouldEndASessionRegisteringWithAnAppPasswordAlreadyKnownToBeRevoked() {
        Session before = new Session().register(imap, ALICE, "revoked");
        registry.apply(List.of("revoked"), Map.of("revoked",
                new AppPasswordState("revoked", ALICE, null, clock.instant())));
        // "before" is still closing (its event loop has not run the end yet): the entry and its state remain

        Session late = new Session().register(imap, ALICE, "revoked");

        assertThat(late.heard()).isEqualTo(LINE);
        assertThat(late.client.isActive()).isFalse();
        assertThat(before.heard()).isEqualTo(LINE);
    }

    @Test
    void shouldEndSessionsWhoseKnownExpiryPassedWithoutAskingTheStore() {
        Session session = new Session().register(imap, ALICE, "short");
        registry.apply(List.of("short"), Map.of("short",
                new AppPasswordState("short", ALICE, clock.instant().plusSeconds(60), null)));
        assertThat(registry.endExpired()).isEmpty();
        assertThat(session.heard()).isEmpty();

        clock.advance(Duration.ofSeconds(60));

        assertThat(registry.endExpired()).containsExactly(ALICE);
        assertThat(session.heard()).isEqualTo(LINE);
        assertThat(session.client.isActive()).isFalse();
    }

    @Test
    void shouldListAsUncheckedOnlyAppPasswordsWhoseStateWasNeverRead() {
        new Session().register(imap, ALICE, "read");
        new Session().register(imap, ALICE, "new");
        registry.apply(List.of("read"), Map.of("read", new AppPasswordState("read", ALICE, null, null)));

        assertThat(registry.unread()).containsExactly("new");
        assertThat(registry.appPasswordIdsOf(ALICE)).containsExactlyInAnyOrder("read", "new");
        assertThat(registry.appPasswordIdsOf("bob@example.com")).isEmpty();
    }
}
