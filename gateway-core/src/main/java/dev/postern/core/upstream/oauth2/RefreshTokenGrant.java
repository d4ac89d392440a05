package dev.postern.core.upstream.oauth2;

import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import dev.postern.core.seal.SealedSecretException;
import dev.postern.core.store.StoreUnavailableException;
import dev.postern.core.store.UpstreamConnection;
import dev.postern.core.upstream.UpstreamFailure;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The refresh-token grant (RFC 6749 section 6): one token per user, from the refresh token of the
 * user's own consent ({@code postern users connect}), kept sealed in the store.
 *
 * <ul>
 *   <li>The stored token is read and opened on the store pool, for each request (the cache in
 *       {@link BearerTokens} makes that once per access token): a consent given meanwhile, in this
 *       process or another, is used at once.</li>
 *   <li>A user who never connected, or whose consent was refused before and who has not connected
 *       again, gets no request at all: {@link UpstreamFailure.Kind#NOT_CONNECTED},
 *       {@link UpstreamFailure.Kind#TOKEN_REVOKED}.</li>
 *   <li>{@code invalid_grant} marks the user as needing to reconnect; a token the provider rotated
 *       replaces the stored one. Both only if the stored version is still the one the request was
 *       made with, so a newer token (another gateway's rotation, a new consent) is never undone.</li>
 * </ul>
 */
final class RefreshTokenGrant implements TokenGrant {

    private static final Logger LOG = LoggerFactory.getLogger(RefreshTokenGrant.class);

    private final URI endpoint;
    private final ClientProof client;
    private final Scope scope;
    private final UserConsents consents;

    RefreshTokenGrant(URI endpoint, ClientProof client, String scope, UserConsents consents) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.client = Objects.requireNonNull(client, "client");
        this.scope = Scope.parse(Objects.requireNonNull(scope, "scope"));
        this.consents = Objects.requireNonNull(consents, "consents");
    }

    @Override
    public String tokenFor(String mailbox) {
        return mailbox;
    }

    @Override
    public CompletableFuture<Exchange> begin(String mailbox) {
        try {
            return CompletableFuture.supplyAsync(() -> read(mailbox), consents.storePool());
        } catch (RejectedExecutionException full) {
            return CompletableFuture.failedFuture(new UpstreamFailure(UpstreamFailure.Kind.TOKEN_UNAVAILABLE,
                    "the store pool is full; cannot read the refresh token of " + mailbox));
        }
    }

    private Exchange read(String mailbox) {
        Optional<UpstreamConnection> stored;
        try {
            stored = consents.store().upstreamConnection(mailbox);
        } catch (StoreUnavailableException e) {
            throw failure(UpstreamFailure.Kind.TOKEN_UNAVAILABLE, "cannot read the refresh token of " + mailbox + ": "
                    + e.getMessage());
        }
        if (stored.isEmpty()) {
            throw failure(UpstreamFailure.Kind.NOT_CONNECTED, mailbox + " has not connected the upstream (grant"
                    + " refresh-token needs the user's consent); run: postern users connect " + mailbox);
        }
        UpstreamConnection connection = stored.get();
        if (connection.needsReconnect()) {
            throw failure(UpstreamFailure.Kind.TOKEN_REVOKED, mailbox + " must connect the upstream again (its refresh"
                    + " token was refused at " + connection.needsReconnectSince() + "); run: postern users connect "
                    + mailbox);
        }
        byte[] clear;
        try {
            clear = consents.sealer().open(connection.sealedRefreshToken(), mailbox);
        } catch (SealedSecretException e) {
            throw failure(UpstreamFailure.Kind.TOKEN_UNAVAILABLE, e.getMessage() + " (is upstream-auth.key-file the"
                    + " key it was sealed with?)");
        }
        try {
            return new Attempt(mailbox, connection.version(), new String(clear, StandardCharsets.UTF_8));
        } finally {
            Arrays.fill(clear, (byte) 0);
        }
    }

    private static CompletionException failure(UpstreamFailure.Kind kind, String detail) {
        return new CompletionException(new UpstreamFailure(kind, detail));
    }

    @Override
    public String describe() {
        return "refresh-token grant for " + client;
    }

    /** One refresh of one user's token, made with the stored token of {@code version}. */
    private final class Attempt implements Exchange {

        private final String mailbox;
        private final long version;
        private final String refreshToken;

        Attempt(String mailbox, long version, String refreshToken) {
            this.mailbox = mailbox;
            this.version = version;
            this.refreshToken = refreshToken;
        }

        @Override
        public TokenRequest request() throws UpstreamFailure {
            return client.request(endpoint, new com.nimbusds.oauth2.sdk.RefreshTokenGrant(new RefreshToken(refreshToken)),
                    scope);
        }

        @Override
        public CompletableFuture<Void> answered(TokenAnswer answer) {
            String rotated = answer.refreshToken();
            if (rotated == null || rotated.equals(refreshToken)) {
                return CompletableFuture.completedFuture(null);
            }
            return onStorePool("storing the rotated refresh token of " + mailbox, () -> {
                if (!consents.accounts().rotateRefreshToken(mailbox, version, rotated, consents.sealer())) {
                    LOG.info("the refresh token of {} was rotated, but a newer one was stored meanwhile (by another"
                            + " gateway, or a new consent): the newer one is kept", mailbox);
                }
            });
        }

        @Override
        public CompletableFuture<Void> refused(UpstreamFailure failure) {
            if (failure.kind() != UpstreamFailure.Kind.TOKEN_REVOKED) {
                return CompletableFuture.completedFuture(null);
            }
            return onStorePool("marking that " + mailbox + " must connect the upstream again", () -> {
                if (consents.accounts().markNeedsReconnect(mailbox, version, failure.getMessage())) {
                    LOG.warn("{} must connect the upstream again (postern users connect {}); no token is asked for it"
                            + " until then", mailbox, mailbox);
                }
            });
        }

        /** Runs {@code work} on the store pool; done when it is, whether it worked or not (logged). */
        private CompletableFuture<Void> onStorePool(String what, Runnable work) {
            CompletableFuture<Void> done;
            try {
                done = CompletableFuture.runAsync(work, consents.storePool());
            } catch (RejectedExecutionException full) {
                done = CompletableFuture.failedFuture(full);
            }
            return done.handle((ignored, error) -> {
                if (error != null) {
                    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause()
                            : error;
                    LOG.warn("{} failed: {}", what, cause instanceof RejectedExecutionException
                            ? "the store pool is full" : cause.getMessage());
                }
                return null;
            });
        }
    }
}
