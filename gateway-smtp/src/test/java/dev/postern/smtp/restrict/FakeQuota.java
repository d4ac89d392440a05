package dev.postern.smtp.restrict;

import dev.postern.core.relay.SendQuota;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link SendQuota} the test answers by hand: each {@code mayStart} gets a new pending future
 * (kept in {@link #asked}), unless {@link #answerAtOnce} is set; accepted messages are recorded.
 */
final class FakeQuota implements SendQuota {

    final List<CompletableFuture<Boolean>> asked = new ArrayList<>();
    final List<String> accepted = new ArrayList<>();
    Boolean answerAtOnce;

    @Override
    public CompletableFuture<Boolean> mayStart(String protocol, String appPasswordId, int perDay) {
        if (!protocol.equals("smtp") || !appPasswordId.equals(SubmitSession.APP_PASSWORD_ID) || perDay <= 0) {
            throw new AssertionError("asked about " + protocol + " " + appPasswordId + " " + perDay);
        }
        CompletableFuture<Boolean> answer = answerAtOnce == null ? new CompletableFuture<>()
                : CompletableFuture.completedFuture(answerAtOnce);
        asked.add(answer);
        return answer;
    }

    @Override
    public void accepted(String appPasswordId) {
        accepted.add(appPasswordId);
    }

    /** The last question asked. */
    CompletableFuture<Boolean> last() {
        if (asked.isEmpty()) {
            throw new AssertionError("the quota was not asked");
        }
        return asked.get(asked.size() - 1);
    }
}
