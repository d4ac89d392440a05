package dev.postern.core.upstream.oauth2;

import com.nimbusds.oauth2.sdk.TokenRequest;
import dev.postern.core.upstream.UpstreamFailure;

/**
 * One way of obtaining an access token: builds the token request (signing a fresh assertion where
 * the grant needs one) and says which logins share a token.
 */
interface TokenGrant {

    /**
     * The key under which a mailbox's token is cached: the same for every mailbox when one
     * application token serves them all, the mailbox when each has its own.
     */
    String tokenFor(String mailbox);

    /**
     * A request for {@code mailbox}'s token, built now (assertions carry the current time).
     *
     * @throws UpstreamFailure when the request cannot be built (a key that cannot sign)
     */
    TokenRequest request(String mailbox) throws UpstreamFailure;

    /** What the grant is, for logs: kind, client or service account. No secret. */
    String describe();
}
