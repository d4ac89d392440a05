package dev.postern.core.upstream.oauth2;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.postern.core.config.OAuth2Config;
import dev.postern.core.config.OAuth2Provider;
import dev.postern.core.tls.PemFiles;
import dev.postern.core.tls.PemMaterial;
import dev.postern.core.tls.TlsMaterialException;
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
 *       is not held: the next login tries again.</li>
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
     * The token source {@code config} describes, its keys read and checked now.
     *
     * @param pool where token requests run (bounded; never an event loop)
     * @throws IllegalArgumentException naming the key and what is wrong with it (never a secret)
     */
    public static BearerTokens from(OAuth2Config config, Executor pool, InstantSource clock) {
        TokenEndpoint endpoint = new TokenEndpoint(config.requestTimeout(),
                config.trust() == null ? null : TrustFiles.socketFactory(config.trust()), clock);
        return new BearerTokens(grant(config, clock), endpoint, pool, clock, config.mechanism());
    }

    private static TokenGrant grant(OAuth2Config config, InstantSource clock) {
        boolean microsoft = config.provider() == OAuth2Provider.MICROSOFT365;
        switch (config.grant()) {
            case CLIENT_CREDENTIALS:
                if (config.clientSecret() != null) {
                    return ApplicationTokenGrant.withSecret(config.tokenEndpoint(), config.clientId(), config.scope(),
                            config.clientSecret().reveal(), microsoft);
                }
                PemMaterial certificate;
                try {
                    certificate = PemFiles.read(config.clientCertificate(), config.clientKey());
                } catch (TlsMaterialException e) {
                    throw new IllegalArgumentException("client-certificate-file: " + e.getMessage(), e);
                }
                return ApplicationTokenGrant.withCertificate(config.tokenEndpoint(), config.clientId(), config.scope(),
                        certificate);
            case JWT_BEARER:
                return new ServiceAccountGrant(config.tokenEndpoint(), ServiceAccountKey.read(config.serviceAccountKey()),
                        config.scope(), config.provider() != OAuth2Provider.GOOGLE, clock);
            default:
                throw new IllegalArgumentException("grant: " + config.grant().wireName() + " (not supported yet)");
        }
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
        try {
            pool.execute(() -> request(key, mailbox, mine));
        } catch (RejectedExecutionException full) {
            finish(key, mine, null, new UpstreamFailure(UpstreamFailure.Kind.TOKEN_UNAVAILABLE,
                    "the token request pool is full (" + grant.describe() + ")"));
        }
        return mine;
    }

    private void request(String key, String mailbox, CompletableFuture<IssuedToken> result) {
        try {
            IssuedToken token = endpoint.fetch(grant.request(mailbox));
            tokens.put(key, token);
            refusals.invalidate(key);
            finish(key, result, token, null);
        } catch (UpstreamFailure failure) {
            LOG.warn("token request failed ({}, {}): {}", grant.describe(), failure.kind().label(), failure.getMessage());
            if (failure.kind() != UpstreamFailure.Kind.TOKEN_UNAVAILABLE) {
                refusals.put(key, new Refusal(failure, clock.instant().plus(REFUSAL_HOLD)));
            }
            finish(key, result, null, failure);
        } catch (RuntimeException e) {
            UpstreamFailure failure = new UpstreamFailure(UpstreamFailure.Kind.TOKEN_UNAVAILABLE,
                    "token request failed (" + grant.describe() + "): " + e, e);
            LOG.warn("{}", failure.getMessage());
            finish(key, result, null, failure);
        }
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
