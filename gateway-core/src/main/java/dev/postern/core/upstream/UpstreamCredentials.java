package dev.postern.core.upstream;

import java.util.concurrent.CompletableFuture;

/**
 * Finds the credential Postern logs in upstream with for one user: the master user's (at once) or
 * the user's stored upstream password (from the store, off the event loop). Fails with
 * {@link UpstreamFailure} of kind {@link UpstreamFailure.Kind#CREDENTIAL_REFUSED} when there is none.
 */
@FunctionalInterface
public interface UpstreamCredentials {

    CompletableFuture<UpstreamCredential> forUser(String user);

    static UpstreamCredentials masterUser(String masterUser, String masterPassword) {
        UpstreamCredential credential = new UpstreamCredential.MasterUser(masterUser, masterPassword);
        return user -> CompletableFuture.completedFuture(credential);
    }
}
