package dev.postern.core.store;

import static dev.postern.core.store.StoreFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every backend must do with the admin API's tokens; a subclass per backend opens the store. */
public abstract class ApiTokenStoreContract {

    private static final String HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

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
    void shouldStoreFindAndListNewestFirst() {
        ApiTokenRecord older = new ApiTokenRecord("aaaa1111", "provisioning", HASH, T0, null, null, null);
        ApiTokenRecord newer = new ApiTokenRecord("bbbb2222", "monitoring", HASH, T0.plusSeconds(60), null, null, null);

        store.createApiToken(older);
        store.createApiToken(newer);

        assertThat(store.findApiToken("aaaa1111")).contains(older);
        assertThat(store.findApiToken("cccc3333")).isEmpty();
        assertThat(store.listApiTokens()).containsExactly(newer, older);
    }

    @Test
    void shouldRefuseADuplicateActiveLabelUntilRevoked() {
        store.createApiToken(new ApiTokenRecord("aaaa1111", "provisioning", HASH, T0, null, null, null));

        assertThatThrownBy(() -> store.createApiToken(
                new ApiTokenRecord("bbbb2222", "provisioning", HASH, T0, null, null, null)))
                .isInstanceOf(StoreConflictException.class)
                .hasMessage("an active API token is already labelled \"provisioning\"; revoke it or choose another label");
        assertThat(store.revokeApiToken("aaaa1111", T0.plusSeconds(1))).isTrue();
        assertThat(store.revokeApiToken("aaaa1111", T0.plusSeconds(2))).isFalse();
        store.createApiToken(new ApiTokenRecord("bbbb2222", "provisioning", HASH, T0, null, null, null));

        assertThat(store.findApiToken("aaaa1111").orElseThrow().revokedAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(store.findApiToken("bbbb2222").orElseThrow().isRevoked()).isFalse();
    }

    @Test
    void shouldRecordTheLastUse() {
        store.createApiToken(new ApiTokenRecord("aaaa1111", "provisioning", HASH, T0, null, null, null));

        store.recordApiTokenUse("aaaa1111", T0.plusSeconds(5), "192.0.2.7");
        store.recordApiTokenUse("unknown1", T0.plusSeconds(5), "192.0.2.7");

        ApiTokenRecord found = store.findApiToken("aaaa1111").orElseThrow();
        assertThat(found.lastUsedAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(found.lastUsedIp()).isEqualTo("192.0.2.7");
    }
}
