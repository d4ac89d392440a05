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

    /** The quota's answer to one {@code MAIL FROM}. */
    enum Answer { ALLOW, REFUSE, UNAVAILABLE }

    /**
     * Whether another message may start. Completes (on the quota's thread, or at once) and never
     * exceptionally: a quota that fails or throws instead of answering is {@link Answer#UNAVAILABLE}.
     */
    CompletableFuture<Answer> ask() {
        CompletableFuture<Boolean> may;
        try {
            may = Objects.requireNonNull(quota.mayStart(protocol, appPasswordId, perDay), "mayStart");
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(Answer.UNAVAILABLE);
        }
        return may.handle((allowed, error) -> error != null || allowed == null ? Answer.UNAVAILABLE
                : allowed ? Answer.ALLOW : Answer.REFUSE);
    }

    /** The upstream accepted a message: counted when messages are limited. */
    void accepted() {
        if (limited()) {
            quota.accepted(appPasswordId);
        }
    }
}
