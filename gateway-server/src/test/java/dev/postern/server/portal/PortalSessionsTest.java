package dev.postern.server.portal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.core.config.OidcConfig;
import dev.postern.core.store.PortalSession;
import dev.postern.core.store.sqlite.SqliteStore;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Portal sessions against a real SQLite store and a clock the test moves: the idle and absolute timeouts,
 * a new id per sign-in, only the id's hash stored, the CSRF token, and how recent a sign-in must be.
 */
class PortalSessionsTest {

    private static final Instant T0 = Instant.parse("2026-01-05T09:00:00Z");
    private static final OidcConfig CONFIG = new OidcConfig(URI.create("https://login.example.test"), "portal", null,
            OidcConfig.UserClaim.EMAIL, List.of("example.test"), false, OidcConfig.DEFAULT_MFA_VALUES,
            Duration.ofMinutes(10), Duration.ofMinutes(30), Duration.ofHours(8), Duration.ofSeconds(5));

    @TempDir
    Path dir;
    private SqliteStore store;
    private final AtomicReference<Instant> now = new AtomicReference<>(T0);
    private PortalSessions sessions;

    @BeforeEach
    void open() {
        store = SqliteStore.open(dir.resolve("postern.db"));
        InstantSource clock = now::get;
        sessions = new PortalSessions(store, CONFIG, clock, new SecureRandom());
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static String cookieHeader(PortalSessions.Opened opened) {
        String set = opened.cookie();
        return set.substring(0, set.indexOf(';'));
    }

    private void advance(Duration by) {
        now.set(now.get().plus(by));
    }

    @Test
    void shouldKeepOnlyTheHashOfANewRandomIdPerSignIn() {
        PortalSessions.Opened first = sessions.open(new SignedIn("alice@example.test", T0));
        PortalSessions.Opened second = sessions.open(new SignedIn("alice@example.test", T0));
        String id = first.cookie().substring(first.cookie().indexOf('=') + 1, first.cookie().indexOf(';'));

        assertThat(first.cookie()).startsWith("__Host-postern-session=").endsWith("; Path=/; Secure; HttpOnly; SameSite=Lax");
        assertThat(id).hasSize(43).isNotEqualTo(second.cookie());
        assertThat(first.session().idHash()).isEqualTo(PortalSessions.hash(id)).doesNotContain(id);
        assertThat(store.findPortalSession(PortalSessions.hash(id))).isPresent();
        assertThat(first.session().csrfToken()).isNotEqualTo(second.session().csrfToken());
    }

    @Test
    void shouldEndASessionIdleLongerThanTheIdleTimeout() {
        PortalSessions.Opened opened = sessions.open(new SignedIn("alice@example.test", T0));

        advance(Duration.ofMinutes(29));
        assertThat(sessions.current(cookieHeader(opened))).as("used within 30 minutes").isPresent();
        advance(Duration.ofMinutes(29));
        assertThat(sessions.current(cookieHeader(opened))).as("each use restarts the idle timeout").isPresent();
        advance(Duration.ofMinutes(31));

        assertThat(sessions.current(cookieHeader(opened))).isEmpty();
        assertThat(store.findPortalSession(opened.session().idHash())).as("removed from the store").isEmpty();
    }

    @Test
    void shouldEndASessionAtItsAbsoluteTimeoutHoweverBusy() {
        PortalSessions.Opened opened = sessions.open(new SignedIn("alice@example.test", T0));

        for (int i = 0; i < 16; i++) {
            advance(Duration.ofMinutes(29));
            sessions.current(cookieHeader(opened));
        }
        advance(Duration.ofMinutes(29));

        assertThat(now.get()).isAfter(T0.plus(Duration.ofHours(8)));
        assertThat(sessions.current(cookieHeader(opened))).isEmpty();
    }

    @Test
    void shouldNeedASignInWithinMaxAuthAgeToCreate() {
        PortalSession session = sessions.open(new SignedIn("alice@example.test", T0.minus(Duration.ofMinutes(9))))
                .session();

        assertThat(sessions.recentEnough(session)).isTrue();
        advance(Duration.ofMinutes(2));
        assertThat(sessions.recentEnough(session)).isFalse();
    }

    @Test
    void shouldMatchOnlyTheSessionsOwnCsrfToken() {
        PortalSession session = sessions.open(new SignedIn("alice@example.test", T0)).session();

        assertThat(PortalSessions.csrfMatches(session, session.csrfToken())).isTrue();
        assertThat(PortalSessions.csrfMatches(session, null)).isFalse();
        assertThat(PortalSessions.csrfMatches(session, "")).isFalse();
        assertThat(PortalSessions.csrfMatches(session, session.csrfToken() + "x")).isFalse();
    }

    @Test
    void shouldFindNoSessionForAnUnknownOrMalformedCookie() {
        assertThat(sessions.current(null)).isEmpty();
        assertThat(sessions.current("__Host-postern-session=unknown")).isEmpty();
        assertThat(sessions.current("other=1; __Host-postern-session=")).isEmpty();
        assertThat(sessions.current("garbage;;;==")).isEmpty();
    }
}
