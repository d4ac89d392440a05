package dev.postern.core.store;

import static dev.postern.core.store.StoreFixtures.ALICE;
import static dev.postern.core.store.StoreFixtures.BOB;
import static dev.postern.core.store.StoreFixtures.HASH;
import static dev.postern.core.store.StoreFixtures.T0;
import static dev.postern.core.store.StoreFixtures.appPassword;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postern.core.net.Cidr;
import java.time.Instant;
import java.util.List;
import java.util.EnumSet;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every backend of {@link CredentialStore} must do; a subclass per backend opens the store. */
public abstract class AppPasswordStoreContract {

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
    void shouldStoreEveryFieldAndCreateTheUser() {
        Instant expires = T0.plusSeconds(86_400);
        AppPasswordRecord record = new AppPasswordRecord("ab12cd", ALICE, "Thunderbird", EnumSet.of(Scope.IMAP), HASH,
                "0a1b2c3d", T0, expires, null, null, null);

        store.createAppPassword(record);

        assertThat(store.findAppPassword("ab12cd")).contains(record);
        assertThat(store.findUser(ALICE)).contains(new UserRecord(ALICE, T0, false));
    }

    @Test
    void shouldStoreTheLimitsOfAnAppPassword() {
        Limits limits = new Limits(List.of(Limits.SELF, "scanner@example.com"),
                List.of(Cidr.parse("192.0.2.0/24"), Cidr.parse("2001:db8::/32")), 300);
        AppPasswordRecord record = new AppPasswordRecord("ab12cd", ALICE, "Scanner", EnumSet.of(Scope.SMTP), HASH,
                null, T0, null, null, null, null, limits);

        store.createAppPassword(record);

        assertThat(store.findAppPassword("ab12cd")).contains(record);
        assertThat(store.findAppPassword("ab12cd").orElseThrow().limits()).isEqualTo(limits);
        assertThat(store.listAppPasswords(Optional.empty())).singleElement()
                .extracting(AppPasswordRecord::limits).isEqualTo(limits);
    }

    @Test
    void shouldCountMessagesPerDayAndDropEarlierDays() {
        store.createAppPassword(appPassword("ab12cd", ALICE, "Scanner", T0));
        store.createAppPassword(appPassword("ef34gh", ALICE, "Laptop", T0));

        assertThat(store.countMessage("ab12cd", 20_000)).isEqualTo(1);
        assertThat(store.countMessage("ab12cd", 20_000)).isEqualTo(2);
        assertThat(store.countMessage("ef34gh", 20_000)).isEqualTo(1);
        assertThat(store.messagesSent("ab12cd", 20_000)).isEqualTo(2);
        assertThat(store.countMessage("ab12cd", 20_001)).isEqualTo(1);

        assertThat(store.messagesSent("ab12cd", 20_001)).isEqualTo(1);
        assertThat(store.messagesSent("ab12cd", 20_000)).as("the earlier day is dropped").isZero();
        assertThat(store.messagesSent("ef34gh", 20_000)).as("another app password's day is kept").isEqualTo(1);
        assertThat(store.countMessage("unknown", 20_001)).isZero();
        assertThat(store.messagesSent("unknown", 20_001)).isZero();
    }

    @Test
    void shouldTellTheFirstUseFromANetwork() {
        store.createAppPassword(appPassword("ab12cd", ALICE, "Laptop", T0));

        assertThat(store.recordSource("ab12cd", "192.0.2.0/24", T0)).isTrue();
        assertThat(store.recordSource("ab12cd", "192.0.2.0/24", T0.plusSeconds(60))).isFalse();
        assertThat(store.recordSource("ab12cd", "198.51.100.0/24", T0)).isTrue();
        assertThat(store.recordSource("unknown", "192.0.2.0/24", T0)).isFalse();
    }

    @Test
    void shouldForgetCountsAndSourcesWithTheUser() {
        store.createAppPassword(appPassword("ab12cd", ALICE, "Laptop", T0));
        store.countMessage("ab12cd", 20_000);
        store.recordSource("ab12cd", "192.0.2.0/24", T0);

        store.removeUser(ALICE);
        store.createAppPassword(appPassword("ab12cd", ALICE, "Laptop", T0));

        assertThat(store.messagesSent("ab12cd", 20_000)).isZero();
        assertThat(store.recordSource("ab12cd", "192.0.2.0/24", T0)).isTrue();
    }

    @Test
    void shouldKeepAnExistingUserWhenAddingAnAppPassword() {
        store.addUser(ALICE, T0.minusSeconds(3600));

        store.createAppPassword(appPassword("ab12cd", ALICE, "Thunderbird", T0));

        assertThat(store.findUser(ALICE)).map(UserRecord::createdAt).contains(T0.minusSeconds(3600));
    }

    @Test
    void shouldRefuseADuplicateActiveLabel() {
        store.createAppPassword(appPassword("ab12cd", ALICE, "Thunderbird", T0));

        assertThatThrownBy(() -> store.createAppPassword(appPassword("ef34gh", ALICE, "Thunderbird", T0)))
                .isInstanceOf(StoreConflictException.class)
                .hasMessage("alice@example.com already has an app password labelled \"Thunderbird\" (id ab12cd);"
                        + " revoke it or choose another label");
        assertThat(store.findAppPassword("ef34gh")).isEmpty();
    }

    @Test
    void shouldAllowTheSameLabelForAnotherUser() {
        store.createAppPassword(appPassword("ab12cd", ALICE, "Thunderbird", T0));

        store.createAppPassword(appPassword("ef34gh", BOB, "Thunderbird", T0));

        assertThat(store.appPasswordsOf(BOB)).extracting(AppPasswordRecord::id).containsExactly("ef34gh");
    }

    @Test
    void shouldAllowALabelAgainOnceRevoked() {
        store.createAppPassword(appPassword("ab12cd", ALICE, "Thunderbird", T0));
        store.revokeAppPassword("ab12cd", T0.plusSeconds(10));

        store.createAppPassword(appPassword("ef34gh", ALICE, "Thunderbird", T0.plusSeconds(20)));

        assertThat(store.appPasswordsOf(ALICE)).extracting(AppPasswordRecord::id).containsExactly("ef34gh", "ab12cd");
    }

    @Test
    void shouldRefuseADuplicateIdWithoutCreatingTheUser() {
        store.createAppPassword(appPassword("ab12cd", ALICE, "Thunderbird", T0));

        assertThatThrownBy(() -> store.createAppPassword(appPassword("ab12cd", BOB, "Laptop", T0)))
                .isInstanceOf(StoreConflictException.class)
                .hasMessage("an app password with id ab12cd already exists");
        assertThat(store.findUser(BOB)).isEmpty();
    }

    @Test
    void shouldListNewestFirstForOneUserOrAll() {
        store.createAppPassword(appPassword("a1", ALICE, "Old", T0));
        store.createAppPassword(appPassword("b1", BOB, "Laptop", T0.plusSeconds(1)));
        store.createAppPassword(appPassword("a2", ALICE, "New", T0.plusSeconds(2)));
        store.createAppPassword(appPassword("a3", ALICE, "Same millisecond", T0.plusSeconds(2)));

        assertThat(store.appPasswordsOf(ALICE)).extracting(AppPasswordRecord::id).containsExactly("a3", "a2", "a1");
        assertThat(store.listAppPasswords(Optional.of(BOB))).extracting(AppPasswordRecord::id).containsExactly("b1");
        assertThat(store.listAppPasswords(Optional.empty())).extracting(AppPasswordRecord::id)
                .containsExactly("a3", "a2", "b1", "a1");
    }

    @Test
    void shouldRevokeOnce() {
        store.createAppPassword(appPassword("ab12cd", ALICE, "Thunderbird", T0));
        Instant at = T0.plusSeconds(30);

        boolean first = store.revokeAppPassword("ab12cd", at);
        boolean second = store.revokeAppPassword("ab12cd", at.plusSeconds(30));

        assertThat(first).isTrue();
        assertThat(second).isFalse();
        assertThat(store.findAppPassword("ab12cd")).map(AppPasswordRecord::revokedAt).contains(at);
    }

    @Test
    void shouldNotRevokeAnUnknownId() {
        assertThat(store.revokeAppPassword("nope", T0)).isFalse();
    }

    @Test
    void shouldRecordTheLastUseAndIgnoreAnOlderOneReportedLate() {
        store.createAppPassword(appPassword("ab12cd", ALICE, "Thunderbird", T0));

        store.recordLastUse("ab12cd", T0.plusSeconds(60), "192.0.2.10");
        store.recordLastUse("ab12cd", T0.plusSeconds(30), "192.0.2.99");

        AppPasswordRecord record = store.findAppPassword("ab12cd").orElseThrow();
        assertThat(record.lastUsedAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(record.lastUsedIp()).isEqualTo("192.0.2.10");
    }

    @Test
    void shouldIgnoreTheLastUseOfAnUnknownId() {
        store.recordLastUse("nope", T0, "192.0.2.10");

        assertThat(store.findAppPassword("nope")).isEmpty();
        assertThat(store.listUsers()).isEmpty();
    }

    @Test
    void shouldTagAnUntaggedAppPasswordOnceAndKeepTheFirstTag() {
        store.createAppPassword(appPassword("ab12cd", ALICE, "Thunderbird", T0));

        store.setLookupTag("ab12cd", "0a1b2c3d");
        store.setLookupTag("ab12cd", "ffffffff");
        store.setLookupTag("unknown", "01010101");

        assertThat(store.findAppPassword("ab12cd")).map(AppPasswordRecord::lookupTag).contains("0a1b2c3d");
    }

    @Test
    void shouldRefuseASecondAppPasswordOfTheSameUserWithTheSameTag() {
        store.createAppPassword(new AppPasswordRecord("ab12cd", ALICE, "Thunderbird", EnumSet.of(Scope.IMAP), HASH,
                "0a1b2c3d", T0, null, null, null, null));
        store.createAppPassword(new AppPasswordRecord("ef34gh", BOB, "Thunderbird", EnumSet.of(Scope.IMAP), HASH,
                "0a1b2c3d", T0, null, null, null, null));

        assertThatThrownBy(() -> store.createAppPassword(new AppPasswordRecord("ij56kl", ALICE, "Phone",
                EnumSet.of(Scope.IMAP), HASH, "0a1b2c3d", T0, null, null, null, null)))
                .isInstanceOf(StoreConflictException.class);
        assertThat(store.findAppPassword("ij56kl")).isEmpty();
    }
}
