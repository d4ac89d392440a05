package dev.postern.core.store;

import static dev.postern.core.store.StoreFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every backend must do with the portal's sign-ins and sessions; a subclass per backend opens the store. */
public abstract class PortalSessionStoreContract {

    private static final String HASH_A = "a".repeat(64);
    private static final String HASH_B = "b".repeat(64);

    protected CredentialStore store;

    protected abstract CredentialStore open();

    @BeforeEach
    void openStore() {
        store = open();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void shouldGiveASignInOnceOnly() {
        PortalSignIn signIn = new PortalSignIn(HASH_A, "state-1", "nonce-1", "verifier-1", true, T0);
        store.createPortalSignIn(signIn);

        assertThat(store.takePortalSignIn(HASH_B)).isEmpty();
        assertThat(store.takePortalSignIn(HASH_A)).contains(signIn);
        assertThat(store.takePortalSignIn(HASH_A)).as("a replayed state finds nothing").isEmpty();
    }

    @Test
    void shouldFindTouchAndEndASession() {
        PortalSession session = new PortalSession(HASH_A, "alice@example.test", "csrf-1", T0, T0, T0);
        store.createPortalSession(session);

        assertThat(store.findPortalSession(HASH_A)).contains(session);
        assertThat(store.touchPortalSession(HASH_A, T0.plusSeconds(30))).isTrue();
        assertThat(store.findPortalSession(HASH_A).orElseThrow().lastSeenAt()).isEqualTo(T0.plusSeconds(30));
        assertThat(store.deletePortalSession(HASH_A)).isTrue();
        assertThat(store.deletePortalSession(HASH_A)).isFalse();
        assertThat(store.touchPortalSession(HASH_A, T0.plusSeconds(60))).isFalse();
        assertThat(store.findPortalSession(HASH_A)).isEmpty();
    }

    @Test
    void shouldPurgeOldSignInsAndIdleOrOldSessions() {
        store.createPortalSignIn(new PortalSignIn(HASH_A, "s", "n", "v", false, T0));
        store.createPortalSignIn(new PortalSignIn(HASH_B, "s", "n", "v", false, T0.plusSeconds(600)));
        store.createPortalSession(new PortalSession(HASH_A, "alice@example.test", "c", T0, T0, T0.plusSeconds(100)));
        store.createPortalSession(new PortalSession(HASH_B, "bob@example.test", "c", T0, T0.plusSeconds(500),
                T0.plusSeconds(900)));
        store.createPortalSession(new PortalSession("c".repeat(64), "carol@example.test", "c", T0, T0.minusSeconds(1),
                T0.plusSeconds(900)));

        int removed = store.purgePortal(T0.plusSeconds(300), T0.plusSeconds(200), T0);

        assertThat(removed).isEqualTo(3);
        assertThat(store.takePortalSignIn(HASH_B)).isPresent();
        assertThat(store.findPortalSession(HASH_B)).isPresent();
        assertThat(store.findPortalSession(HASH_A)).as("idle").isEmpty();
        assertThat(store.findPortalSession("c".repeat(64))).as("past its absolute age").isEmpty();
    }

    @Test
    void shouldEndTheSessionsOfARemovedUser() {
        store.addUser("alice@example.test", T0);
        store.createPortalSession(new PortalSession(HASH_A, "alice@example.test", "c", T0, T0, T0));
        store.createPortalSession(new PortalSession(HASH_B, "bob@example.test", "c", T0, T0, T0));

        store.removeUser("alice@example.test");

        assertThat(store.findPortalSession(HASH_A)).isEmpty();
        assertThat(store.findPortalSession(HASH_B)).isPresent();
    }

    @Test
    void shouldNeverShowTheSecretsOfASignInOrSession() {
        assertThat(new PortalSignIn(HASH_A, "state-xyz", "nonce-xyz", "verifier-xyz", false, T0).toString())
                .doesNotContain("state-xyz", "nonce-xyz", "verifier-xyz", HASH_A);
        assertThat(new PortalSession(HASH_A, "alice@example.test", "csrf-xyz", T0, T0, T0).toString())
                .doesNotContain("csrf-xyz", HASH_A).contains("alice@example.test");
    }
}
