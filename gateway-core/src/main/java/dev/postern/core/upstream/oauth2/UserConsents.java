package dev.postern.core.upstream.oauth2;

import dev.postern.core.account.AccountService;
import dev.postern.core.seal.SecretSealer;
import dev.postern.core.store.CredentialStore;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * Where the refresh-token grant keeps the users' consents: read from the store, opened with the
 * sealer, written back (a rotated token, a mark that the user must connect again) through the
 * account service, all on the store pool.
 *
 * @param store     where the sealed refresh tokens are
 * @param accounts  what changes them, telling its {@code AccountChanges}
 * @param sealer    the key of {@code upstream-auth.key-file}
 * @param storePool where every read and write runs (bounded; never an event loop)
 */
public record UserConsents(CredentialStore store, AccountService accounts, SecretSealer sealer, Executor storePool) {

    public UserConsents {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(accounts, "accounts");
        Objects.requireNonNull(sealer, "sealer");
        Objects.requireNonNull(storePool, "storePool");
    }
}
