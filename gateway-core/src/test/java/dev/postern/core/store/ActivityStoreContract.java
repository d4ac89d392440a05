package dev.postern.core.store;

import static dev.postern.core.store.StoreFixtures.ALICE;
import static dev.postern.core.store.StoreFixtures.BOB;
import static dev.postern.core.store.StoreFixtures.T0;
import static dev.postern.core.store.StoreFixtures.appPassword;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every backend must do with the users' activity; a subclass per backend opens the store. */
public abstract class ActivityStoreContract {

    protected CredentialStore store;

    protected abstract CredentialStore open();

    @BeforeEach
    void openStore() {
        store = open();
        store.createAppPassword(appPassword("ab12cd", ALICE, "Laptop", T0));
        store.addUser(BOB, T0);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    private static Activity line(String user, int second, String outcome, String reason, String id) {
        return new Activity(user, T0.plusSeconds(second), "imap", "192.0.2.7", outcome, reason, id, null);
    }

    @Test
    void shouldListAUsersActivityNewestFirstWithTheLabels() {
        store.recordActivity(List.of(line(ALICE, 1, Activity.SUCCESS, null, "ab12cd"),
                line(ALICE, 2, Activity.REJECTED, "wrong_password", null), line(BOB, 3, Activity.REJECTED, "revoked", null)));
        store.recordActivity(List.of(line(ALICE, 4, Activity.SUCCESS, null, "gone00")));

        List<Activity> alice = store.activityOf(ALICE, 10);

        assertThat(alice).extracting(Activity::at).containsExactly(T0.plusSeconds(4), T0.plusSeconds(2), T0.plusSeconds(1));
        assertThat(alice.get(2)).isEqualTo(new Activity(ALICE, T0.plusSeconds(1), "imap", "192.0.2.7", Activity.SUCCESS,
                null, "ab12cd", "Laptop"));
        assertThat(alice.get(1).reason()).isEqualTo("wrong_password");
        assertThat(alice.get(0).label()).as("an app password no longer there").isNull();
        assertThat(store.activityOf(ALICE, 1)).hasSize(1);
        assertThat(store.activityOf(BOB, 10)).hasSize(1);
    }

    @Test
    void shouldDropOldLinesAndTheLinesOfARemovedUser() {
        store.recordActivity(List.of(line(ALICE, 1, Activity.SUCCESS, null, "ab12cd"),
                line(ALICE, 100, Activity.SUCCESS, null, "ab12cd"), line(BOB, 1, Activity.REJECTED, "expired", null)));

        assertThat(store.pruneActivity(T0.plusSeconds(50))).isEqualTo(2);
        store.removeUser(ALICE);

        assertThat(store.activityOf(ALICE, 10)).isEmpty();
        assertThat(store.activityOf(BOB, 10)).isEmpty();
        store.recordActivity(List.of());
    }
}
