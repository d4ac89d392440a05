package dev.postern.core.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.postern.core.store.CredentialStore;
import dev.postern.core.store.LastUse;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records an app password's last use (time, client IP) off the event loop, at most once per
 * {@link #INTERVAL} for the same app password and address, so that a client opening five
 * connections a minute does not write to the store on every login. Writes are batched by group
 * commit: the first use starts one write on the store pool, and every use that arrives while a write
 * is queued or running goes into the next one, a single transaction for all of them; a quiet gateway
 * writes at once, a busy one writes one transaction at a time whatever its login rate. A lost write
 * (store unreachable, pool full) is only a stale "last used": logged at debug level, and a use still
 * waiting goes with the next write.
 */
final class LastUseRecorder {

    static final Duration INTERVAL = Duration.ofMinutes(5);
    private static final Logger LOG = LoggerFactory.getLogger(LastUseRecorder.class);

    private final CredentialStore store;
    private final Executor storePool;
    private final InstantSource clock;
    private final Cache<String, String> recent;
    private final ConcurrentHashMap<String, LastUse> pending = new ConcurrentHashMap<>();
    private final AtomicBoolean writeQueued = new AtomicBoolean();

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
        pending.merge(appPasswordId, new LastUse(clock.instant(), clientAddress), LastUse::later);
        startWrite();
    }

    private void startWrite() {
        if (!writeQueued.compareAndSet(false, true)) {
            return; // the queued or running write, or the one it starts when done, takes this use along
        }
        try {
            storePool.execute(this::write);
        } catch (RejectedExecutionException e) {
            writeQueued.set(false);
            LOG.debug("store pool full; {} last use(s) wait for the next write", pending.size());
        }
    }

    private void write() {
        Map<String, LastUse> batch = new HashMap<>();
        for (Map.Entry<String, LastUse> use : pending.entrySet()) {
            if (pending.remove(use.getKey(), use.getValue())) {
                batch.put(use.getKey(), use.getValue());
            }
        }
        try {
            store.recordLastUses(batch);
        } catch (RuntimeException e) {
            LOG.debug("could not record the last use of {} app password(s): {}", batch.size(), e.getMessage());
        } finally {
            writeQueued.set(false);
        }
        if (!pending.isEmpty()) {
            startWrite();
        }
    }
}
