package dev.postern.smtp.restrict;

import dev.postern.core.relay.SendQuota;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The daily message quota as one session sees it: its app password and its number of messages a
 * day (0 for none: then every message may start and nothing is counted).
 */
record QuotaGate(SendQuota quota, String protocol, String appPasswordId, int perDay) {

    QuotaGate {
        Objects.requireNonNull(quota, "quota");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(appPasswordId, "appPasswordId");
        if (perDay < 0) {
            throw new IllegalArgumentException("perDay: " + perDay + " (expected: 0 for no quota, or more)");
        }
    }

    /** Whether messages are limited (and counted). */
    boolean limited() {
        return perDay > 0;
    }

    /** Whether another message may start; a quota that throws instead of answering counts as unreadable. */
    CompletableFuture<Boolean> mayStart() {
        try {
            return Objects.requireNonNull(quota.mayStart(protocol, appPasswordId, perDay), "mayStart");
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The upstream accepted a message: counted when messages are limited. */
    void accepted() {
        if (limited()) {
            quota.accepted(appPasswordId);
        }
    }
}
