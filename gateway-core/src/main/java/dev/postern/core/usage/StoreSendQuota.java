package dev.postern.core.usage;

import dev.postern.core.observe.GatewayMetrics;
import dev.postern.core.relay.SendQuota;
import dev.postern.core.store.CredentialStore;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The send quota kept in the store: each check reads the day's count (so a message counted by another
 * gateway a moment ago counts here too), each message the upstream accepted adds one. Two sessions
 * starting a message at the same moment may both pass the last free place: the quota can be
 * overshot by the messages started concurrently, never more.
 */
public final class StoreSendQuota implements SendQuota {

    private static final Logger LOG = LoggerFactory.getLogger(StoreSendQuota.class);

    private final CredentialStore store;
    private final Executor storePool;
    private final InstantSource clock;
    private final GatewayMetrics metrics;

    public StoreSendQuota(CredentialStore store, Executor storePool, InstantSource clock, GatewayMetrics metrics) {
        this.store = Objects.requireNonNull(store, "store");
        this.storePool = Objects.requireNonNull(storePool, "storePool");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    public CompletableFuture<Boolean> mayStart(String protocol, String appPasswordId, int perDay) {
        long day = today();
        CompletableFuture<Boolean> answer = new CompletableFuture<>();
        try {
            storePool.execute(() -> {
                try {
                    boolean allowed = store.messagesSent(appPasswordId, day) < perDay;
                    if (!allowed) {
                        metrics.sendQuotaReached(protocol);
                    }
                    answer.complete(allowed);
                } catch (RuntimeException e) {
                    answer.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            answer.completeExceptionally(e);
        }
        return answer;
    }

    @Override
    public void accepted(String appPasswordId) {
        long day = today();
        try {
            storePool.execute(() -> {
                try {
                    store.countMessage(appPasswordId, day);
                } catch (RuntimeException e) {
                    LOG.warn("a message sent with app password {} could not be counted: {}", appPasswordId,
                            e.getMessage());
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.warn("a message sent with app password {} could not be counted: the store pool is full",
                    appPasswordId);
        }
    }

    private long today() {
        return clock.instant().atOffset(ZoneOffset.UTC).toLocalDate().toEpochDay();
    }
}
