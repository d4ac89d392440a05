package dev.postern.core.store;

import static dev.postern.core.store.StoreFixtures.ALICE;
import static dev.postern.core.store.StoreFixtures.BOB;
import static dev.postern.core.store.StoreFixtures.T0;
import static dev.postern.core.store.StoreFixtures.appPassword;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every backend of {@link CredentialStore} must do; a subclass per backend opens the store. */
public abstract class UserStoreContract {

    protected CredentialStore store;

    /** A new, empty store of the backend under test. */
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
    void shouldAddAUserOnce() {
        boolean first = store.addUser(ALICE, T0);
        boolean second = store.addUser(ALICE, T0.plusSeconds(60));

        assertThat(first).isTrue();
        assertThat(second).isFalse();
        assertThat(store.findUser(ALICE)).contains(new UserRecord(ALICE, T0, false));
    }

    @Test
    void shouldListUsersNewestFirst() {
        store.addUser(ALICE, T0);
        store.addUser(BOB, T0.plusSeconds(1));

        assertThat(store.listUsers()).extracting(UserRecord::name).containsExactly(BOB, ALICE);
    }

    @Test
    void shouldReturnEmptyForAnUnknownUser() {
        assertThat(store.findUser(ALICE)).isEmpty();
        assertThat(store.upstreamPassword(ALICE)).isEmpty();
        assertThat(store.removeUser(ALICE)).isFalse();
    }

    @Test
    void shouldStoreAndReplaceTheSealedUpstreamPassword() {
        store.addUser(ALICE, T0);

        store.setUpstreamPassword(ALICE, new byte[] {1, 2, 3});
        store.setUpstreamPassword(ALICE, new byte[] {4, 5});

        assertThat(store.upstreamPassword(ALICE)).hasValueSatisfying(sealed -> assertThat(sealed).containsExactly(4, 5));
        assertThat(store.findUser(ALICE)).map(UserRecord::hasUpstreamPassword).contains(true);
    }

    @Test
    void shouldRefuseAnUpstreamPasswordForAnUnknownUser() {
        assertThatThrownBy(() -> store.setUpstreamPassword(ALICE, new byte[] {1}))
                .isInstanceOf(StoreConflictException.class)
                .hasMessage("unknown user alice@example.com; add the user before storing an upstream password");
        assertThat(store.findUser(ALICE)).isEmpty();
    }

    @Test
    void shouldRemoveAUserWithTheirAppPasswordsAndUpstreamPassword() {
        store.createAppPassword(appPassword("a1", ALICE, "Thunderbird", T0));
        store.createAppPassword(appPassword("a2", ALICE, "Phone", T0));
        store.createAppPassword(appPassword("b1", BOB, "Laptop", T0));
        store.setUpstreamPassword(ALICE, new byte[] {9});

        boolean removed = store.removeUser(ALICE);

        assertThat(removed).isTrue();
        assertThat(store.findUser(ALICE)).isEmpty();
        assertThat(store.upstreamPassword(ALICE)).isEmpty();
        assertThat(store.findAppPassword("a1")).isEmpty();
        assertThat(store.findAppPassword("a2")).isEmpty();
        assertThat(store.listAppPasswords(Optional.empty())).extracting(AppPasswordRecord::id).containsExactly("b1");
    }

    @Test
    void shouldAnswerPing() {
        store.ping();

        assertThat(store.listUsers()).isEmpty();
    }
}
