package dev.postern.core.relay;

import java.util.concurrent.CompletableFuture;

/**
 * The daily message quota of app passwords ({@code --max-messages-per-day}): messages accepted by
 * the upstream are counted per app password and UTC day, in the store, so every gateway on one
 * store shares the count. A restricted SMTP session asks before each {@code MAIL FROM} and reports
 * each message the upstream accepted.
 */
public interface SendQuota {

    /** No store behind it: every message may start, nothing is counted (fronts tested on their own). */
    SendQuota UNLIMITED = new SendQuota() {
        @Override
        public CompletableFuture<Boolean> mayStart(String protocol, String appPasswordId, int perDay) {
            return CompletableFuture.completedFuture(true);
        }

        @Override
        public void accepted(String appPasswordId) {
        }
    };

    /**
     * Whether the app password may start another message today, its quota being {@code perDay}
     * messages. Completes on some other thread (never blocks the caller); a refusal is counted in
     * the metrics. Completes exceptionally when the count cannot be read (store unreachable): the
     * session answers with a temporary failure.
     */
    CompletableFuture<Boolean> mayStart(String protocol, String appPasswordId, int perDay);

    /** One message sent with the app password was accepted by the upstream; counted in the background. */
    void accepted(String appPasswordId);
}
