package dev.postern.core.upstream.oauth2;

import com.nimbusds.oauth2.sdk.TokenRequest;
import dev.postern.core.upstream.UpstreamFailure;
import java.util.concurrent.CompletableFuture;

/**
 * A grant whose request needs nothing but the configuration (the client-credentials and JWT-bearer
 * grants): it begins at once, and its answer changes nothing else.
 */
interface SelfContainedGrant extends TokenGrant {

    /**
     * A request for {@code mailbox}'s token, built now (assertions carry the current time).
     *
     * @throws UpstreamFailure when the request cannot be built (a key that cannot sign)
     */
    TokenRequest request(String mailbox) throws UpstreamFailure;

    @Override
    default CompletableFuture<Exchange> begin(String mailbox) {
        return CompletableFuture.completedFuture(() -> request(mailbox));
    }
}
