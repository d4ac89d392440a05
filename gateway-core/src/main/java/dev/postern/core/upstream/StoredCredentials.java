package dev.postern.core.upstream;

import dev.postern.core.seal.SecretSealer;
import dev.postern.core.store.CredentialStore;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * {@code stored-credential} mode: the user's own upstream password, kept sealed (AES-256-GCM) in
 * the store and opened only for the login it is needed for. Reads run on the store pool.
 */
public final class StoredCredentials implements UpstreamCredentials {

    private final CredentialStore store;
    private final SecretSealer sealer;
    private final Executor storePool;

    public StoredCredentials(CredentialStore store, SecretSealer sealer, Executor storePool) {
        this.store = store;
        this.sealer = sealer;
        this.storePool = storePool;
    }

    @Override
    public CompletableFuture<UpstreamCredential> forUser(String user) {
        return CompletableFuture.supplyAsync(() -> {
            Optional<byte[]> sealed = store.upstreamPassword(user);
            if (sealed.isEmpty()) {
                throw new java.util.concurrent.CompletionException(new UpstreamFailure(
                        UpstreamFailure.Kind.CREDENTIAL_REFUSED, "no upstream password is stored for " + user
                        + "; set one with: postern users set-upstream-password " + user));
            }
            byte[] clear = sealer.open(sealed.get(), user);
            return new UpstreamCredential.UserPassword(new String(clear, StandardCharsets.UTF_8));
        }, storePool);
    }
}
