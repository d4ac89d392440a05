package dev.postern.core.upstream.oauth2;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.postern.core.config.OAuth2Config;
import dev.postern.core.config.OAuth2Provider;
import dev.postern.core.upstream.UpstreamCredential;
import dev.postern.core.upstream.UpstreamCredentials;
import dev.postern.core.upstream.UpstreamFailure;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code oauth2} mode: the bearer token for a mailbox, from the cache when it has one good for a
 * while yet, else from the token endpoint.
 *
 * <ul>
 *   <li><b>One request for many logins.</b> Logins that need the same token while it is being
 *       fetched wait for that one request (as cold hashes share one verification).</li>
 *   <li><b>Renewed ahead.</b> A token in the last quarter of its life (at most the last
 *       {@link #REFRESH_AHEAD}) is still handed out, and a new one is fetched in the background;
 *       a token with less than a tenth of its life (at most {@link #MIN_REMAINING}) left is not
 *       handed out, so that it cannot expire between the token endpoint and the upstream.</li>
 *   <li><b>Refusals held.</b> When the token endpoint refuses the grant or the client, the refusal
 *       answers that mailbox's logins for {@link #REFUSAL_HOLD} without asking again, so that a
 *       withdrawn consent does not turn every login into a request. Trouble reaching the endpoint
 *       is not held: the next login tries again; nor is a user who never connected the upstream
 *       (refresh-token grant), so that a consent given now works at once.</li>
 *   <li><b>Per-user consent.</b> With the refresh-token grant, the user's refresh token is read
 *       from the store before each request and a rotated one written back before the new token is
 *       handed out ({@link RefreshTokenGrant}).</li>
 *   <li><b>Off the event loop.</b> Requests run on a bounded pool; a full pool is a temporary
 *       failure at once.</li>
 * </ul>
 */
public final class BearerTokens implements UpstreamCredentials {

    static final Duration REFRESH_AHEAD = Duration.ofMinutes(5);
    static final Duration MIN_REMAINING = Duration.ofSeconds(60);
    static final Duration REFUSAL_HOLD = Duration.ofSeconds(30);
    private static final long MAX_TOKENS = 100_000;

    private static final Logger LOG = LoggerFactory.getLogger(BearerTokens.class);

    private final TokenGrant grant;
    private final TokenEndpoint endpoint;
    private final Executor pool;
    private final InstantSource clock;
    private final OAuth2Config.Mechanism mechanism;
    private final Cache<String, IssuedToken> tokens;
    private final ConcurrentHashMap<String, CompletableFuture<IssuedToken>> inFlight = new ConcurrentHashMap<>();
    private final Cache<String, Refusal> refusals;

    BearerTokens(TokenGrant grant, TokenEndpoint endpoint, Executor pool, InstantSource clock, OAuth2Config.Mechanism mechanism) {
        this.grant = Objects.requireNonNull(grant, "grant");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.pool = Objects.requireNonNull(pool, "pool");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.mechanism = Objects.requireNonNull(mechanism, "mechanism");
        this.tokens = Caffeine.newBuilder().maximumSize(MAX_TOKENS).expireAfter(new Expiry<String, IssuedToken>() {
            @Override
            public long expireAfterCreate(String key, IssuedToken token, long currentTime) {
                return Math.max(0, Duration.between(clock.instant(), token.expiresAt()).toNanos());
            }

            @Override
            public long expireAfterUpdate(String key, IssuedToken token, long currentTime, long currentDuration) {
                return expireAfterCreate(key, token, currentTime);
            }

            @Override
            public long expireAfterRead(String key, IssuedToken token, long currentTime, long currentDuration) {
                return currentDuration;
            }
        }).build();
        this.refusals = Caffeine.newBuilder().maximumSize(MAX_TOKENS).expireAfterWrite(REFUSAL_HOLD).build();
    }

    /**
     * The token source {@code config} describes, for a grant that needs no store (client credentials,
     * JWT bearer), its keys read and checked now.
     *
     * @param pool where token requests run (bounded; never an event loop)
     * @throws IllegalArgumentException naming the key and what is wrong with it (never a secret)
     */
    public static BearerTokens from(OAuth2Config config, Executor pool, InstantSource clock) {
        return from(config, pool, clock, null);
    }

    /**
     * The token source {@code config} describes, its keys read and checked now.
     *
     * @param pool     where token requests run (bounded; never an event loop)
     * @param consents where the users' refresh tokens are (required with the refresh-token grant, else unused)
     * @throws IllegalArgumentException naming the key and what is wrong with it (never a secret)
     */
    public static BearerTokens from(OAuth2Config config, Executor pool, InstantSource clock, UserConsents consents) {
        return new BearerTokens(grant(config, clock, consents), endpoint(config, clock), pool, clock, config.mechanism());
    }

    /**
     * Reads and checks what {@code config} names (client certificate and key, service-account key,
     * trust) without building a token source: for {@code check-config}.
     *
     * @throws IllegalArgumentException naming the key and what is wrong with it (never a secret)
     */
    public static void check(OAuth2Config config) {
        endpoint(config, InstantSource.system());
        if (config.grant() == OAuth2Config.Grant.JWT_BEARER) {
            ServiceAccountKey.read(config.serviceAccountKey());
        } else {
            ClientProof.of(config);
        }
    }

    static TokenEndpoint endpoint(OAuth2Config config, InstantSource clock) {
        return new TokenEndpoint(config.requestTimeout(),
                config.trust() == null ? null : TrustFiles.socketFactory(config.trust()), clock);
    }

    private static TokenGrant grant(OAuth2Config config, InstantSource clock, UserConsents consents) {
        switch (config.grant()) {
            case CLIENT_CREDENTIALS:
                return new ApplicationTokenGrant(config.tokenEndpoint(), ClientProof.of(config), config.scope());
            case JWT_BEARER:
                return new ServiceAccountGrant(config.tokenEndpoint(), ServiceAccountKey.read(config.serviceAccountKey()),
                        config.scope(), config.provider() != OAuth2Provider.GOOGLE, clock);
            case REFRESH_TOKEN:
                if (consents == null) {
                    throw new IllegalArgumentException("grant: refresh-token needs the store of the users' consents");
                }
                return new RefreshTokenGrant(config.tokenEndpoint(), ClientProof.of(config), config.scope(), consents);
            default:
                throw new IllegalArgumentException("grant: " + config.grant().wireName() + " (not supported)");
        }
    }

    /**
     * Forgets the token cached for {@code user} and a refusal held for it: after the user connected
     * the upstream anew, the next login asks at once. (Only the refresh-token grant keys a token by
     * the user; with the others this costs one request at most.)
     */
    public void forget(String user) {
        String key = grant.tokenFor(user);
        tokens.invalidate(key);
        refusals.invalidate(key);
    }

    @Override
    public CompletableFuture<UpstreamCredential> forUser(String user) {
        String key = grant.tokenFor(user);
        Instant now = clock.instant();
        IssuedToken cached = tokens.getIfPresent(key);
        if (cached != null && now.isBefore(cached.expiresAt().minus(minRemaining(cached)))) {
            if (!now.isBefore(cached.expiresAt().minus(refreshAhead(cached)))) {
                fetch(key, user);
            }
            return CompletableFuture.completedFuture(bearer(cached));
        }
        Refusal refusal = refusals.getIfPresent(key);
        if (refusal != null && now.isBefore(refusal.until())) {
            return CompletableFuture.failedFuture(new CompletionException(refusal.failure()));
        }
        return fetch(key, user).thenApply(this::bearer);
    }

    /** The request in flight for {@code key}, or a new one. */
    private CompletableFuture<IssuedToken> fetch(String key, String mailbox) {
        CompletableFuture<IssuedToken> mine = new CompletableFuture<>();
        CompletableFuture<IssuedToken> running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            return running;
        }
        CompletableFuture<TokenGrant.Exchange> begun;
        try {
            begun = grant.begin(mailbox);
        } catch (RuntimeException e) {
            begun = CompletableFuture.failedFuture(e);
        }
        begun.whenComplete((exchange, error) -> {
            if (error != null) {
                UpstreamFailure failure = asFailure(error);
                LOG.info("no token request ({}, {}): {}", grant.describe(), failure.kind().label(), failure.getMessage());
                settle(key, mine, failure);
                return;
            }
            try {
                pool.execute(() -> request(key, exchange, mine));
            } catch (RejectedExecutionException full) {
                finish(key, mine, null, new UpstreamFailure(UpstreamFailure.Kind.TOKEN_UNAVAILABLE,
                        "the token request pool is full (" + grant.describe() + ")"));
            }
        });
        return mine;
    }

    /** On the token pool: one request, then what its answer changes, then the answer to the waiting logins. */
    private void request(String key, TokenGrant.Exchange exchange, CompletableFuture<IssuedToken> result) {
        TokenAnswer answer;
        try {
            answer = endpoint.exchange(exchange.request());
        } catch (UpstreamFailure failure) {
            LOG.warn("token request failed ({}, {}): {}", grant.describe(), failure.kind().label(), failure.getMessage());
            exchange.refused(failure).whenComplete((ignored, error) -> settle(key, result, failure));
            return;
        } catch (RuntimeException e) {
            UpstreamFailure failure = new UpstreamFailure(UpstreamFailure.Kind.TOKEN_UNAVAILABLE,
                    "token request failed (" + grant.describe() + "): " + e, e);
            LOG.warn("{}", failure.getMessage());
            finish(key, result, null, failure);
            return;
        }
        // The token is handed out once a rotated refresh token is stored, so that the next request reads it.
        exchange.answered(answer).whenComplete((ignored, error) -> {
            tokens.put(key, answer.accessToken());
            refusals.invalidate(key);
            finish(key, result, answer.accessToken(), null);
        });
    }

    /** Fails the logins waiting for {@code key}, holding the refusal unless it may be gone at the next login. */
    private void settle(String key, CompletableFuture<IssuedToken> result, UpstreamFailure failure) {
        if (failure.kind() != UpstreamFailure.Kind.TOKEN_UNAVAILABLE && failure.kind() != UpstreamFailure.Kind.NOT_CONNECTED) {
            refusals.put(key, new Refusal(failure, clock.instant().plus(REFUSAL_HOLD)));
        }
        finish(key, result, null, failure);
    }

    private UpstreamFailure asFailure(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof UpstreamFailure failure) {
            return failure;
        }
        return new UpstreamFailure(UpstreamFailure.Kind.TOKEN_UNAVAILABLE, "token request could not begin ("
                + grant.describe() + "): " + cause, cause);
    }

    private void finish(String key, CompletableFuture<IssuedToken> result, IssuedToken token, UpstreamFailure failure) {
        inFlight.remove(key, result);
        if (failure == null) {
            result.complete(token);
        } else {
            result.completeExceptionally(new CompletionException(failure));
        }
    }

    private UpstreamCredential bearer(IssuedToken token) {
        return new UpstreamCredential.Bearer(token.value(), mechanism);
    }

    private static Duration refreshAhead(IssuedToken token) {
        Duration quarter = token.lifetime().dividedBy(4);
        return quarter.compareTo(REFRESH_AHEAD) < 0 ? quarter : REFRESH_AHEAD;
    }

    private static Duration minRemaining(IssuedToken token) {
        Duration tenth = token.lifetime().dividedBy(10);
        return tenth.compareTo(MIN_REMAINING) < 0 ? tenth : MIN_REMAINING;
    }

    @Override
    public String toString() {
        return "BearerTokens[" + grant.describe() + "]";
    }

    /** A refusal of the token endpoint's and until when it answers for that key. */
    private record Refusal(UpstreamFailure failure, Instant until) {
    }
}
