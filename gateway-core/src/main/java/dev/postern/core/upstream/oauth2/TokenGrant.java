package dev.postern.core.upstream.oauth2;

import com.nimbusds.oauth2.sdk.TokenRequest;
import dev.postern.core.upstream.UpstreamFailure;
import java.util.concurrent.CompletableFuture;

/**
 * One way of obtaining an access token: says which logins share a token, and runs one token
 * request from beginning to end around the token endpoint, which {@link BearerTokens} asks on its
 * pool: what the request needs from elsewhere first (a user's stored refresh token, read on the
 * store pool), the request itself (signing a fresh assertion where the grant needs one), and what
 * the answer changes (a rotated refresh token stored, a revoked one marked).
 */
interface TokenGrant {

    /**
     * The key under which a mailbox's token is cached: the same for every mailbox when one
     * application token serves them all, the mailbox when each has its own.
     */
    String tokenFor(String mailbox);

    /**
     * Starts one token request for {@code mailbox}: gathers what it needs, off the event loop.
     * Fails with an {@link UpstreamFailure} (in a {@link java.util.concurrent.CompletionException})
     * when no request can be made: a user who never connected the upstream, or must connect again.
     */
    CompletableFuture<Exchange> begin(String mailbox);

    /** What the grant is, for logs: kind, client or service account. No secret. */
    String describe();

    /** One token request of a grant, from its request to what its answer changes. */
    interface Exchange {

        /**
         * The request, built now (assertions carry the current time); called on the token pool.
         *
         * @throws UpstreamFailure when the request cannot be built (a key that cannot sign)
         */
        TokenRequest request() throws UpstreamFailure;

        /** Done once the answer's consequences are kept (a rotated refresh token stored); never fails. */
        default CompletableFuture<Void> answered(TokenAnswer answer) {
            return CompletableFuture.completedFuture(null);
        }

        /** Done once a refusal's consequences are kept (the user marked as needing to reconnect); never fails. */
        default CompletableFuture<Void> refused(UpstreamFailure failure) {
            return CompletableFuture.completedFuture(null);
        }
    }
}
