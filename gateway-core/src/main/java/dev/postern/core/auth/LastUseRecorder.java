package dev.postern.core.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.postern.core.store.CredentialStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records an app password's last use (time, client IP) off the event loop, at most once per
 * {@link #INTERVAL} for the same app password and address, so that a client opening five
 * connections a minute does not write to the store on every login. A lost write (store busy,
 * pool full) is only a stale "last used" and is logged at debug level.
 */
final class LastUseRecorder {

    static final Duration INTERVAL = Duration.ofMinutes(5);
    private static final Logger LOG = LoggerFactory.getLogger(LastUseRecorder.class);

    private final CredentialStore store;
    private final Executor storePool;
    private final InstantSource clock;
    private final Cache<String, String> recent;

    LastUseRecorder(CredentialStore store, Executor storePool, Ticker ticker, InstantSource clock) {
        this.store = store;
        this.storePool = storePool;
        this.clock = clock;
        this.recent = Caffeine.newBuilder().ticker(ticker).expireAfterWrite(INTERVAL).maximumSize(100_000).build();
    }

    void record(String appPasswordId, String clientAddress) {
        if (clientAddress.equals(recent.getIfPresent(appPasswordId))) {
            return;
        }
        recent.put(appPasswordId, clientAddress);
        Instant at = clock.instant();
        try {
            storePool.execute(() -> {
                try {
                    store.recordLastUse(appPasswordId, at, clientAddress);
                } catch (RuntimeException e) {
                    LOG.debug("could not record last use of app password {}: {}", appPasswordId, e.getMessage());
                }
            });
        } catch (RejectedExecutionException e) {
            recent.invalidate(appPasswordId);
            LOG.debug("store pool full; last use of app password {} not recorded", appPasswordId);
        }
    }
}
