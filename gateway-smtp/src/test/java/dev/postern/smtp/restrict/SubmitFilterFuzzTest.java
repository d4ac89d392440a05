package dev.postern.smtp.restrict;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.postern.core.auth.AuthResult;
import dev.postern.core.relay.RelayStages;
import dev.postern.core.relay.SendQuota;
import dev.postern.core.store.Limits;
import dev.postern.core.store.Scope;
import dev.postern.core.testing.FuzzChunks;
import dev.postern.core.testing.TrackingAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Fuzz target for the SMTP session with limits on sending: whatever a client sends, cut into
 * arbitrary reads, a lax upstream ({@link LaxUpstream}: bare CR and LF end lines, NULs dropped, any
 * dot line ends a body) never runs a {@code MAIL FROM} outside the send-as list, a command Postern must
 * not pass, or a BDAT it cannot count; Postern's own answers are whole lines; nothing throws; every
 * buffer is released. Without {@code JAZZER_FUZZ} it runs the seeds in
 * {@code src/test/resources/dev/postern/smtp/restrict/SubmitFilterFuzzTestInputs/}.
 *
 * <p>Layout of an input: the payload first; from the end, whether the upstream offers CHUNKING (a
 * boolean), whether the app password has a daily quota (a boolean), the cut pattern
 * ({@link FuzzChunks}, 8 octets) and the decisions (8 octets, one bit each, in turn: 554 instead of
 * 354 for a DATA; for a quota question "no" instead of "yes", and whether the answer comes later, as
 * from another thread (then "yes" or "no" by one more bit), or fails: later when both bits are set,
 * fails when only the second is).
 */
class SubmitFilterFuzzTest {

    private static final String USER = "me@example.com";
    private static final String ALIAS = "alias@example.com";

    @FuzzTest(maxDuration = "60s")
    void dialoguesInArbitraryReads(FuzzedDataProvider data) {
        boolean chunking = data.consumeBoolean();
        boolean withQuota = data.consumeBoolean();
        long cuts = data.consumeLong();
        long decisions = data.consumeLong();
        byte[] payload = data.consumeRemainingAsBytes();

        Decisions bits = new Decisions(decisions);
        List<CompletableFuture<Boolean>> pending = new ArrayList<>();
        SendQuota quota = new SendQuota() {
            @Override
            public CompletableFuture<Boolean> mayStart(String protocol, String appPasswordId, int perDay) {
                boolean no = bits.next();
                boolean later = bits.next();
                if (later && no) {
                    CompletableFuture<Boolean> answer = new CompletableFuture<>();
                    pending.add(answer);
                    return answer;
                }
                return later ? CompletableFuture.failedFuture(new IllegalStateException("store unreachable"))
                        : CompletableFuture.completedFuture(!no);
            }

            @Override
            public void accepted(String appPasswordId) {
            }
        };
        Limits limits = new Limits(List.of(Limits.SELF, ALIAS), List.of(), withQuota ? 5 : 0);
        RelayStages stages = SubmitRestriction.factory("smtp", quota)
                .forLogin(new AuthResult.Success(USER, "ap-1", Set.of(Scope.SMTP), limits)).orElseThrow()
                .newStages(chunking ? "PIPELINING\nCHUNKING" : "PIPELINING");

        TrackingAllocator allocator = new TrackingAllocator();
        EmbeddedChannel client = new EmbeddedChannel();
        client.config().setAllocator(allocator);
        client.pipeline().addLast(stages.fromClient());
        EmbeddedChannel upstream = new EmbeddedChannel();
        upstream.config().setAllocator(allocator);
        upstream.pipeline().addLast(stages.fromUpstream());
        LaxUpstream model = new LaxUpstream(Set.of(USER, ALIAS), chunking);
        for (byte[] chunk : FuzzChunks.split(payload, cuts)) {
            if (!client.isOpen()) {
                break; // Postern ended the session: nothing more is read
            }
            client.writeInbound(allocator.heapBuffer(chunk.length).writeBytes(chunk));
            settle(client, upstream, model, bits, pending, allocator);
            String answered = drain(client, false);
            if (!answered.isEmpty() && !answered.endsWith("\r\n")) {
                throw new AssertionError("Postern answered a partial line: " + answered);
            }
            client.checkException();
            upstream.checkException();
        }
        pending.forEach(answer -> answer.complete(true));
        client.runPendingTasks();
        client.finishAndReleaseAll();
        upstream.finishAndReleaseAll();
        allocator.assertAllReleased();
    }

    /** The model answers what went upstream, which may let more go, until nothing moves. */
    private static void settle(EmbeddedChannel client, EmbeddedChannel upstream, LaxUpstream model, Decisions bits,
                               List<CompletableFuture<Boolean>> pending, TrackingAllocator allocator) {
        while (true) {
            String forwarded = drain(client, true);
            if (forwarded.isEmpty()) {
                if (pending.isEmpty()) {
                    return;
                }
                pending.remove(0).complete(bits.next()); // an answer from the quota's thread, then back on the loop
                client.runPendingTasks();
                continue;
            }
            String answer = model.read(forwarded, bits.next());
            if (!answer.isEmpty()) {
                byte[] bytes = answer.getBytes(StandardCharsets.US_ASCII);
                upstream.writeInbound(allocator.heapBuffer(bytes.length).writeBytes(bytes));
                drain(upstream, true);
            }
        }
    }

    private static String drain(EmbeddedChannel channel, boolean inbound) {
        StringBuilder text = new StringBuilder();
        for (Object msg; (msg = inbound ? channel.readInbound() : channel.readOutbound()) != null; ) {
            ByteBuf buf = (ByteBuf) msg;
            text.append(buf.toString(StandardCharsets.ISO_8859_1));
            buf.release();
        }
        return text.toString();
    }

    /** The fuzzer's decisions, one bit at a time, repeating. */
    private static final class Decisions {
        private final long bits;
        private int used;

        Decisions(long bits) {
            this.bits = bits;
        }

        boolean next() {
            return (bits >>> (used++ % 64) & 1) == 1;
        }
    }
}
